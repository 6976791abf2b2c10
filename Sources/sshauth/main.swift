import ArgumentParser
struct X: ParsableCommand { func run() { print("hi") } }
X.main()
