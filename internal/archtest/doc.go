// Package archtest holds the test that keeps the import arrows of the
// house plan pointing inward: the model depends on nothing, sources never
// import the engine, the engine never imports a source, writers never read
// the store, and only cmd/vigil imports the CLI; and the test that no
// package of the binary declares an init function.
package archtest
