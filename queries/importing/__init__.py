"""The import pipeline: read → recognise and map → normalise → validate → load, all or nothing."""
