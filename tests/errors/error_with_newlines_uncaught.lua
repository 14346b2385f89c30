-- only the first line of a multi-line error message is compared
error("first line\nsecond line")
