// Package archtest holds the tests that keep the house plan: the import
// arrows point inward (the model depends on nothing, sources never
// import the engine, the engine never imports a source, writers never
// read the store, and only cmd/vigil imports the CLI); no package of the
// binary declares an init function, and the binary links none of the
// heavy packages that start-up cannot afford (Helm's engine, client-go's
// scheme); derived AWS fields are computed only in internal/awsmodel;
// and no build output or oversized file is tracked.
package archtest
