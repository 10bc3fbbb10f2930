"""The seller's work with a lead: plain functions of (lead, events, settings, now). No Qt."""
