"""Evidence extraction: from the text of a CV or a publication list to cited, structured facts."""
