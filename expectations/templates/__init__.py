"""HTML templates of the data quality report (Jinja, autoescaped): run.html and index.html."""
