"""What-if models: plain arithmetic on small cached aggregates, no SQL and no Streamlit."""
