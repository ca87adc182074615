"""Small shared leaves: safe text, problems, paths, atomic writes, guarded reading."""
