"""--instances N: a populated cloud for inventory tests and benchmarks, built directly in the store."""
