package web

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// maxGraphEdges bounds the relations drawn; the rest are counted.
const maxGraphEdges = 40

// relationGraph draws a resource and its relations as an SVG built here
// (no script): the resource on the left, each related resource on the
// right with the relation's type on the edge, linked to its own page
// when the inventory holds it.
func relationGraph(r *model.Resource, stored map[string]bool) template.HTML {
	rels := append([]model.Relation(nil), r.Relations...)
	sort.SliceStable(rels, func(i, j int) bool {
		if rels[i].Type != rels[j].Type {
			return rels[i].Type < rels[j].Type
		}
		return rels[i].Target < rels[j].Target
	})
	more := 0
	if len(rels) > maxGraphEdges {
		more = len(rels) - maxGraphEdges
		rels = rels[:maxGraphEdges]
	}
	const (
		width, rowH, boxH = 960, 44, 32
		leftX, leftW      = 10, 300
		rightX, rightW    = 560, 390
		top               = 10
	)
	rows := max(len(rels), 1)
	height := top*2 + rows*rowH
	if more > 0 {
		height += rowH
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="graph" role="img" aria-label="relations of %s" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`,
		template.HTMLEscapeString(r.Name), width, height, width, height)
	cy := top + rows*rowH/2
	fmt.Fprintf(&b, `<g class="node self"><rect x="%d" y="%d" width="%d" height="%d" rx="6"/><text x="%d" y="%d">%s</text></g>`,
		leftX, cy-boxH/2, leftW, boxH, leftX+10, cy+5, template.HTMLEscapeString(clip(r.Type+" "+r.Name, 40)))
	if len(rels) == 0 {
		fmt.Fprintf(&b, `<text class="none" x="%d" y="%d">no relations recorded</text>`, rightX, cy+5)
	}
	for i, rel := range rels {
		y := top + i*rowH + rowH/2
		fmt.Fprintf(&b, `<path class="edge" d="M%d %d C%d %d %d %d %d %d"/>`, leftX+leftW, cy, leftX+leftW+120, cy, rightX-120, y, rightX, y)
		fmt.Fprintf(&b, `<text class="edge-label" x="%d" y="%d">%s</text>`, rightX-8, y-6, template.HTMLEscapeString(clip(rel.Type, 28)))
		class := "node missing"
		if stored[rel.Target] {
			class = "node"
		}
		label := template.HTMLEscapeString(clip(rel.Target, 52))
		box := fmt.Sprintf(`<rect x="%d" y="%d" width="%d" height="%d" rx="6"/><text x="%d" y="%d">%s</text><title>%s</title>`,
			rightX, y-boxH/2, rightW, boxH, rightX+10, y+5, label, template.HTMLEscapeString(rel.Target))
		if stored[rel.Target] {
			fmt.Fprintf(&b, `<a class="%s" href="%s">%s</a>`, class, template.HTMLEscapeString(ResourceURL(rel.Target)), box)
		} else {
			fmt.Fprintf(&b, `<g class="%s">%s</g>`, class, box)
		}
	}
	if more > 0 {
		fmt.Fprintf(&b, `<text class="none" x="%d" y="%d">and %d more relations</text>`, rightX, height-top-rowH/2, more)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every value written above is escaped
}

// clip shortens s to n runes, keeping its end (the distinctive part of
// an id).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
