"""Channel adapters. The core never imports from here."""
