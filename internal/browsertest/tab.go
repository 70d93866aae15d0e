package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Tab is one headless Chromium tab with every console error,
// uncaught exception and CSP violation it reports.
type Tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string // screenshots

	mu       sync.Mutex
	problems []string
}

// NewTab starts Chromium (Chromium(t) finds it) with one tab that
// opens paths under base and keeps screenshots in Artifacts(t, name).
// Every console error, uncaught exception and CSP violation it reports
// is kept for Clean.
func NewTab(t *testing.T, base, artifactsName string) *Tab {
	t.Helper()
	bin := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
		// Nothing on a page may reach the network: only loopback resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &Tab{t: t, ctx: ctx, base: base, dir: Artifacts(t, artifactsName)}
	if err := chromedp.Listen(ctx, b.event); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return b
}

// Artifacts is the folder screenshots named name are kept in: under
// $VIGIL_ARTIFACTS when set, else a new temporary folder; kept after the
// test, and printed.
func Artifacts(t *testing.T, name string) string {
	t.Helper()
	root := os.Getenv("VIGIL_ARTIFACTS")
	var dir string
	var err error
	if root != "" {
		dir = filepath.Join(root, name)
		err = os.MkdirAll(dir, 0o755)
	} else {
		dir, err = os.MkdirTemp("", "vigil-"+name+"-")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s screenshots: %s", name, dir)
	return dir
}

func (b *Tab) event(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p = "console." + string(e.Type) + ": " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error()
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Source == cdplog.EntrySourceSecurity {
			p = fmt.Sprintf("%s %s: %s (%s)", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL)
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// Clean fails the test on every problem reported so far, and forgets
// them.
func (b *Tab) Clean(where string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the last events arrive
	b.mu.Lock()
	ps := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range ps {
		b.t.Errorf("%s: the Tab reported %s", where, p)
	}
}

func (b *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func Eval[T any](b *Tab, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// Wait polls a JavaScript condition until it holds, across page loads
// (a poll the navigation interrupts is started again).
func (b *Tab) Wait(what, js string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithDeadline(b.ctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			loc := Eval[string](b, "location.href")
			b.t.Fatalf("waiting for %s (%s) at %s: %v", what, js, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *Tab) Open(path string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(b.base + path))
	b.Wait("the page to load", `document.readyState === "complete"`)
}

func (b *Tab) Screenshot(name string) {
	b.t.Helper()
	b.Wait("the charts to be drawn", `[...document.querySelectorAll("canvas[data-chart]")].every(c => c.dataset.drawn === "1")`)
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *Tab) Path() string { return Eval[string](b, "location.pathname + location.search") }

// Forget drops the problems reported so far (a test that provoked one
// on purpose).
func (b *Tab) Forget() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.problems)
	b.problems = nil
	return n
}

// Ctx is the tab's context, for chromedp actions of the test's own.
func (b *Tab) Ctx() context.Context { return b.ctx }
