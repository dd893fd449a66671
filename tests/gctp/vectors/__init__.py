"""The GCTP test vectors and the script that writes them (see README.md)."""
