"""Circulating minutes for signature, signing and review before it, finalizing with the secretariat's
seal, publishing and correcting, and the public verification."""
