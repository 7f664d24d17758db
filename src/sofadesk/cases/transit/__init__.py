"""Transit requests: forces moving through one or more States, each deciding its own legs."""
