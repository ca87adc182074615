"""Progress kept on disk: sessions, settings, drafts, history and export."""
