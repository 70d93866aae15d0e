// Package hostile holds the input checks every IaC parser runs before
// trusting a file: where its UTF-8 breaks, and how deep its YAML nests.
// Parsers report both with the file and line and never recurse past the
// limit.
package hostile

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// InvalidUTF8 returns the offset of the first byte that is not valid
// UTF-8, or len(b) when all of b is.
func InvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// Depth measures a YAML node's literal nesting, starting at d, and stops
// counting once past limit. Aliases are not followed: decoders bound
// their expansion.
func Depth(n *yaml.Node, d, limit int) int {
	if d > limit {
		return d
	}
	max := d
	for _, c := range n.Content {
		if cd := Depth(c, d+1, limit); cd > max {
			max = cd
			if max > limit {
				return max
			}
		}
	}
	return max
}
