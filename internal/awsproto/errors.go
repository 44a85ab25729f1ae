package awsproto

// coral is the namespace AWS uses for errors that no API models, such as a
// body that does not parse.
const coral = "com.amazon.coral.service#"

// The errors the router itself sends, before or around an API's handler.
// Types that already carry a namespace are sent as they are; the others get
// the API's namespace.
var (
	errUnknownOperation = ErrorSpec{Type: coral + "UnknownOperationException", QueryCode: "InvalidAction",
		Status: 400, Fault: Sender}
	errMissingAction = ErrorSpec{Type: coral + "MissingAction", QueryCode: "MissingAction",
		Status: 400, Fault: Sender}
	errInvalidParameterValue = ErrorSpec{Type: coral + "InvalidParameterValueException",
		QueryCode: "InvalidParameterValue", Status: 400, Fault: Sender}
	errInvalidQueryParameter = ErrorSpec{Type: coral + "InvalidQueryParameter",
		QueryCode: "InvalidQueryParameter", Status: 400, Fault: Sender}
	errMissingParameter = ErrorSpec{Type: coral + "MissingRequiredParameterException",
		QueryCode: "MissingParameter", Status: 400, Fault: Sender}
	errSerialization = ErrorSpec{Type: coral + "SerializationException", QueryCode: "MalformedInput",
		Status: 400, Fault: Sender}
	errTooLarge = ErrorSpec{Type: coral + "RequestEntityTooLarge", QueryCode: "RequestEntityTooLarge",
		Status: 413, Fault: Sender}
	errInternal = ErrorSpec{Type: "InternalError", QueryCode: "InternalError", Status: 500, Fault: Receiver}
)

// internalMessage is what a client sees of a failure that is not its fault;
// the cause goes to the log.
const internalMessage = "We encountered an internal error. Please try again."
