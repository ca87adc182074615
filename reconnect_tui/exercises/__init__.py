"""Exercise files: the model, the format's key table and checks, loading, worksheets."""
