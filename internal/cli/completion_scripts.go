package cli

// The completion scripts, as text/templates over []completedCommand: each
// lists the subcommands with their summaries, each subcommand's flags
// (with files, directories or a few words after those that take a value)
// and its arguments.

// bashScript is the bash completion script.
const bashScript = `# bash completion for sluice.
# Load it in this shell:  source <(sluice completion bash)
# or in every shell:      sluice completion bash > /etc/bash_completion.d/sluice
{{- define "bashValue"}}
{{- if eq .Value "file"}}_sluice_files -f
{{- else if eq .Value "dir"}}_sluice_files -d
{{- else if eq .Value "word"}}COMPREPLY=($(compgen -W "{{join .Words " "}}" -- "$cur"))
{{- else}}:
{{- end}}
{{- end}}

# _sluice_files -f|-d completes file or directory names, spaces included.
_sluice_files() {
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen "$1" -- "$cur"))
}

_sluice() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "{{range .}}{{.Name}} {{end}}--help --version" -- "$cur"))
		return
	fi
	case ${COMP_WORDS[1]} in
{{- range .}}
	{{.Name}})
		case $prev in
{{- range .Flags}}{{if .Value}}
		-{{.Name}} | --{{.Name}}) {{template "bashValue" .}}; return ;;
{{- end}}{{end}}
		esac
{{- if .Args}}
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "{{range .Flags}}--{{.Name}} {{end}}--help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "{{join .Args " "}}" -- "$cur"))
		fi
{{- else}}
		COMPREPLY=($(compgen -W "{{range .Flags}}--{{.Name}} {{end}}--help" -- "$cur"))
{{- end}}
		;;
{{- end}}
	esac
}

complete -F _sluice sluice
`

// zshScript is the zsh completion script, for $fpath or for source.
const zshScript = `#compdef sluice
# zsh completion for sluice.
# Install it:  sluice completion zsh > "${fpath[1]}/_sluice"   (then start a new shell)
# or load it in this shell, after compinit:  source <(sluice completion zsh)
{{- define "zshValue"}}
{{- if eq .Value "file"}}:file:_files
{{- else if eq .Value "dir"}}:directory:_files -/
{{- else if eq .Value "word"}}:value:({{join .Words " "}})
{{- else if .Value}}:value: {{end}}
{{- end}}

_sluice() {
	local -a commands
	commands=(
{{- range .}}
		'{{zshQuote .Name}}:{{zshQuote .Summary}}'
{{- end}}
	)
	if ((CURRENT == 2)); then
		_describe -t commands 'sluice command' commands
		return
	fi
	local cmd=${words[2]}
	shift words
	((CURRENT--))
	case $cmd in
{{- range .}}
	{{.Name}})
		_arguments \
{{- range .Flags}}
			'--{{.Name}}{{if .Value}}={{end}}[{{zshQuote .Usage}}]{{template "zshValue" .}}' \
{{- end}}
{{- if .Args}}
			'1:argument:({{join .Args " "}})' \
{{- end}}
			'--help[show help]'
		;;
{{- end}}
	esac
}

if [[ ${funcstack[1]} == _sluice ]]; then
	_sluice "$@"
else
	compdef _sluice sluice
fi
`

// fishScript is the fish completion script.
const fishScript = `# fish completion for sluice.
# Install it:  sluice completion fish > ~/.config/fish/completions/sluice.fish
# or load it in this shell:  sluice completion fish | source
{{- define "fishValue"}}
{{- if eq .Value "file"}} -r -F
{{- else if eq .Value "dir"}} -x -a '(__fish_complete_directories)'
{{- else if eq .Value "word"}} -x -a {{fishQuote (join .Words " ")}}
{{- else if .Value}} -x{{end}}
{{- end}}

complete -c sluice -f
complete -c sluice -n __fish_use_subcommand -l help -d 'show help'
complete -c sluice -n __fish_use_subcommand -l version -d 'print the version'
{{- range .}}
{{- $cmd := .Name}}
complete -c sluice -n __fish_use_subcommand -a {{.Name}} -d {{fishQuote .Summary}}
{{- range .Flags}}
complete -c sluice -n '__fish_seen_subcommand_from {{$cmd}}' -l {{.Name}}{{template "fishValue" .}} -d {{fishQuote .Usage}}
{{- end}}
{{- if .Args}}
complete -c sluice -n '__fish_seen_subcommand_from {{$cmd}}' -a {{fishQuote (join .Args " ")}}
{{- end}}
{{- end}}
`
