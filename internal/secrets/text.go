package secrets

import (
	"regexp"
	"strings"
	"sync"
)

// Found is a credential found in a text, redacted.
type Found struct {
	// Line is the 1-based line of the text it is on.
	Line int
	// Key is the name it is assigned to ("AWS_SECRET_ACCESS_KEY",
	// "DB_PASSWORD"); "" when it is recognised by its form alone.
	Key      string
	Kind     string
	Redacted string
}

// Bounds of DetectText: texts and lines beyond them are read up to the
// bound, and no more than maxFound credentials are reported.
const (
	maxText     = 1 << 20
	maxLineText = 4096
	maxFound    = 100
)

// assignments are the ways scripts and configuration files give a value
// a name: NAME=value (shell, env files, --flag=value), name: value
// (YAML), name = "value" (INI, TOML, HCL), "name": "value" (JSON), and
// a call with a quoted name and value, as PHP's define('NAME', 'value').
var assignments = sync.OnceValue(func() []*regexp.Regexp {
	const value = `("([^"]*)"|'([^']*)'|([^\s;'",)]+))`
	return []*regexp.Regexp{
		regexp.MustCompile(`(?:^|[\s;(,{])(?:export\s+)?-{0,2}["']?([A-Za-z_][\w.-]*)["']?\s*[=:]\s*` + value),
		regexp.MustCompile(`\(\s*["']([A-Za-z_][\w.-]*)["']\s*,\s*` + value),
	}
})

// DetectText finds the credentials in a text such as a script or a
// configuration file (an instance's user data): values assigned to
// names that say they are secrets, as Detect judges them, and values
// whose form alone shows they are (access keys, private keys, tokens).
// Only redacted forms are returned, one per credential and line, in
// order.
func (d *Detector) DetectText(text string) []Found {
	if len(text) > maxText {
		text = text[:maxText]
	}
	pats := d.patterns()
	var out []Found
	for n, line := range strings.Split(text, "\n") {
		if len(out) >= maxFound {
			break
		}
		if len(line) > maxLineText {
			line = line[:maxLineText]
		}
		seen := map[string]bool{}
		add := func(key, kind, value string) {
			red := Redact(kind, value)
			if seen[kind+"\x00"+red] {
				return
			}
			seen[kind+"\x00"+red] = true
			out = append(out, Found{Line: n + 1, Key: key, Kind: kind, Redacted: red})
		}
		for _, re := range assignments() {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				key, value := m[1], m[3]+m[4]+m[5]
				if strings.HasPrefix(value, "$") {
					continue // a shell variable: PASSWORD=$DB_PASSWORD
				}
				if kind, ok := d.Detect(key, value); ok {
					add(key, kind, matched(pats, kind, value))
				}
			}
		}
		for _, p := range pats.values {
			for _, v := range p.re.FindAllString(line, -1) {
				add("", p.kind, v)
			}
		}
	}
	if len(out) > maxFound {
		out = out[:maxFound]
	}
	return out
}

// matched narrows value to the part a value pattern of kind matched, so
// that a key found in an assignment and again by its form is one
// credential.
func matched(pats *patterns, kind, value string) string {
	for _, p := range pats.values {
		if p.kind == kind {
			if m := p.re.FindString(value); m != "" {
				return m
			}
		}
	}
	return value
}
