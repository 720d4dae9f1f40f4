"""Privacy services: retention, erasure, subject access, and human review of redactions.

- `retention`: how long each kind of record is kept (a registry later issues add to), and the set-based run.
- `erasure`: the right to erasure by crypto-shredding a person's data key, with a report of what was kept and why.
- `subject_access`: everything held about a customer, an agent or a mystery shopper, as readable JSON.
- `review`: reviewers' manual redaction marks, the queue of doubtful detections, and re-rendering redacted copies.

Nothing here ever writes personal data into the audit trail: entries name records by id, never by content.
"""
