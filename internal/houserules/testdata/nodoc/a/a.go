package a

func Undocumented() {}

// Documented has a comment.
func Documented() {}

type T struct{}

func (T) Method() {}

// M has a comment.
func (*T) M() {}

func (T) unexported() {}

type hidden struct{}

func (hidden) Exported() {}

var V = 1

// Grouped consts may share the group's comment.
const (
	C1 = 1
	C2 = 2
)

var (
	W1 = 1 // a comment at the end of the line will do
	W2 = 2
)

type (
	// G1 has its own comment.
	G1 int
	G2 int
)
