package sqsapi

// param is a required parameter and whether the request has it.
type param struct {
	name    string
	present bool
}

// require returns MissingParameter for the first absent parameter.
func require(params ...param) error {
	for _, p := range params {
		if !p.present {
			return missingParameter(p.name)
		}
	}
	return nil
}
