-- os.exit(false) ends with a failure status and no error message
print("failing quietly")
os.exit(false)
