"""Infrastructure below every app: audited writes and binary COPY helpers, no clinical rules."""
