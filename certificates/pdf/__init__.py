"""PDF rendering: fonts, the shared page (base.py), QR codes and Kazakh text helpers."""
