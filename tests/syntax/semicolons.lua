-- empty statements are allowed anywhere between statements
;;; local x = 1; ; ;
print(x);;
do ; end
print(select(2, load("local x = ;")))
