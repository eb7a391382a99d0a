"""The domain: sessions and their rules, in the standard library only."""
