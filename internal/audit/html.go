package audit

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

//go:embed html.tmpl
var htmlSource string

// page is the HTML template, parsed once per render (reports are rare;
// a package-level template would be a global).
func page() (*template.Template, error) {
	return template.New("report").Funcs(template.FuncMap{
		"percent": percent,
		"label":   func(s string) string { return strings.ReplaceAll(s, "_", " ") },
		"time":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"count":   distinct,
		"ids":     resourceIDs,
	}).Parse(htmlSource)
}

// HTML writes the report as one self-contained page: inline CSS, charts
// as inline SVG, nothing fetched; html/template escapes every value.
func HTML(w io.Writer, r *Report) error {
	t, err := page()
	if err != nil {
		return fmt.Errorf("parse the report template: %w", err)
	}
	return t.Execute(w, htmlView{Report: r, Bars: sectionBars(r.Sections), Status: statusBar(r.Score), TrendChart: trendChart(r.Trend)})
}

type htmlView struct {
	*Report
	Bars       barChart
	Status     []statusSlice
	TrendChart lineChart
}

// barChart is the section scores as horizontal bars.
type barChart struct {
	Height int
	Bars   []bar
}

type bar struct {
	Label, Value string
	Y, Width     int
	Empty        bool
}

const barArea = 400 // px for 100 %

func sectionBars(sections []Section) barChart {
	c := barChart{Height: 26*len(sections) + 6}
	for i, s := range sections {
		b := bar{Label: "Section " + s.ID, Value: percent(s.Score), Y: 26*i + 4}
		if s.ID == "-" {
			b.Label = "All"
		}
		if s.Score.Percent == nil {
			b.Empty = true
		} else {
			b.Width = int(*s.Score.Percent * barArea / 100)
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// statusSlice is one status's share of a stacked bar, in percent of its
// width.
type statusSlice struct {
	Status string
	N      int
	X, W   float64
}

func statusBar(s Score) []statusSlice {
	counts := map[string]int{StatusPass: s.Passed, StatusFail: s.Failed, StatusExcepted: s.Excepted, StatusManual: s.Manual,
		StatusNotCovered: s.NotCovered, StatusNotApplicable: s.NotApplicable}
	var out []statusSlice
	x := 0.0
	for _, st := range Statuses {
		n := counts[st]
		if n == 0 || s.Total == 0 {
			continue
		}
		w := float64(n) * 100 / float64(s.Total)
		out = append(out, statusSlice{Status: st, N: n, X: x, W: w})
		x += w
	}
	return out
}

// lineChart is the trend of the overall score.
type lineChart struct {
	Width, Height int
	Points        string // the polyline's points
	Dots          []dot
	Gridlines     []gridline
}

type dot struct {
	X, Y         int
	Label, Title string
}

type gridline struct {
	Y     int
	Label string
}

func trendChart(points []TrendPoint) lineChart {
	const w, h, left, top, plotH = 640, 200, 44, 12, 150
	c := lineChart{Width: w, Height: h}
	for _, p := range []int{0, 50, 100} {
		c.Gridlines = append(c.Gridlines, gridline{Y: top + plotH - p*plotH/100, Label: strconv.Itoa(p) + "%"})
	}
	n := len(points)
	step := 0
	if n > 1 {
		step = (w - left - 80) / (n - 1)
	}
	var pts []string
	for i, p := range points {
		x := left + 12 + i*step
		d := dot{X: x, Label: p.At.UTC().Format("01-02 15:04"), Title: p.ScanID + ": " + percent(p.Score)}
		if p.Score.Percent == nil {
			d.Y = -1
		} else {
			d.Y = top + plotH - int(*p.Score.Percent*plotH/100)
			pts = append(pts, strconv.Itoa(x)+","+strconv.Itoa(d.Y))
		}
		c.Dots = append(c.Dots, d)
	}
	c.Points = strings.Join(pts, " ")
	return c
}
