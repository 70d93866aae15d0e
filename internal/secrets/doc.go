// Package secrets detects credentials in literal values (ConfigMap data,
// container environment) and in texts (scripts such as an instance's user
// data: DetectText reads the assignments in them) and redacts them. Detection happens while a
// source normalizes an object, so a secret value never enters the model,
// the store or any output.
package secrets
