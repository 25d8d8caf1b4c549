"""The applicant's cabinet: their own applications, requests to add documents, withdrawal (issue 14)."""
