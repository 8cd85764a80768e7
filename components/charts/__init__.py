"""Altair chart builders, one module per subject: a DataFrame in, a chart out, sized and labelled
for a screen-share. Shared palette and styling live in `style`."""
