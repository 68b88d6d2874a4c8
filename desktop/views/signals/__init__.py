"""Recording, finding and correcting signals."""
