-- values returned by the main chunk are ignored and the status is 0
print("returning")
return 1, 2, 3
