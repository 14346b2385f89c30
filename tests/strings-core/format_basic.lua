-- string.format conversions for integers, floats, strings and %%
print(string.format("%d|%5d|%-5d|%05d|%x|%X|%o", 42, 42, 42, 42, 255, 255, 8))
print(string.format("%f|%.2f|%10.3f|%e|%g|%g|%g", 1.5, 3.14159, 2.5, 12345.678, 0.0001, 1e20, 100))
print(string.format("%s|%10s|%-10s|%.2s|%%|%c", "str", "right", "left", "truncate", 65))
print(string.format("%d", 3.0), string.format("%s %s", 1, 1.0), string.format("%i", -7))
