"""Game exports: the versioned JSON document (export, anonymise, import) and the CSV tables."""
