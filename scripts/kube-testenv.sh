#!/usr/bin/env bash
# kube-testenv.sh runs a real, local Kubernetes API server (etcd +
# kube-apiserver, no controller-manager, no nodes) for integration tests and
# for trying the vigil CLI against.
#
# Usage: scripts/kube-testenv.sh build|up|down|env|status
#
#   build   install etcd (Debian's etcd-server) if it is not on PATH and build
#           kube-apiserver into the cache; prints the kube-apiserver path
#   up      build if needed, start etcd and kube-apiserver on free loopback
#           ports, write admin.kubeconfig and restricted.kubeconfig into the
#           state dir; prints the admin kubeconfig path as the last line
#   down    stop both processes and remove the state dir
#   env     print "export KUBECONFIG=<admin kubeconfig>"
#   status  exit 0 if the environment is up and ready
#
# Environment:
#   VIGIL_TESTENV_CACHE    binary cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/vigil-testenv)
#   VIGIL_TESTENV_DIR      state dir (default /tmp/vigil-testenv)
#   VIGIL_KUBE_APISERVER   use this kube-apiserver binary instead of building one
#   VIGIL_ETCD             use this etcd binary instead of the one on PATH
#   VIGIL_TESTENV_READY_TIMEOUT  seconds to wait for /readyz (default 90)
#
# Identities (token authentication):
#   vigil-admin        groups system:masters            -> admin.kubeconfig
#   vigil-restricted   no groups (system:authenticated) -> restricted.kubeconfig
#
# No controller-manager runs, so nothing creates each namespace's "default"
# ServiceAccount; the ServiceAccount admission plugin is disabled so that pods
# can still be created (they never run: there are no nodes).
#
# Logs and progress go to stderr; only results go to stdout.
set -euo pipefail

readonly KUBE_VERSION=v1.34.2
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT
readonly TOOLS_MODULE="${REPO_ROOT}/tools/kube-apiserver"
readonly CACHE_DIR="${VIGIL_TESTENV_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/vigil-testenv}"
readonly CACHED_APISERVER="${CACHE_DIR}/kube-apiserver-${KUBE_VERSION}"
readonly STATE_DIR="${VIGIL_TESTENV_DIR:-/tmp/vigil-testenv}"
readonly READY_TIMEOUT="${VIGIL_TESTENV_READY_TIMEOUT:-90}"
readonly CONTEXT_NAME=vigil-test
readonly MARKER=.vigil-testenv

log() { printf 'kube-testenv: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# as_root runs a command as root, through sudo when not already root.
as_root() {
	if [[ ${EUID} -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

find_etcd() {
	if [[ -n ${VIGIL_ETCD:-} ]]; then
		[[ -x ${VIGIL_ETCD} ]] || die "VIGIL_ETCD=${VIGIL_ETCD} is not executable"
		printf '%s\n' "${VIGIL_ETCD}"
	elif command -v etcd >/dev/null 2>&1; then
		command -v etcd
	elif [[ -x /usr/bin/etcd ]]; then
		printf '%s\n' /usr/bin/etcd
	else
		return 1
	fi
}

ensure_etcd() {
	if find_etcd >/dev/null; then
		return 0
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "etcd is not on PATH and apt-get is unavailable; install etcd 3.4+ or set VIGIL_ETCD"
	log "installing etcd-server with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >&2
	find_etcd >/dev/null || die "etcd is still missing after installing etcd-server"
}

find_go() {
	if command -v go >/dev/null 2>&1; then
		command -v go
	elif [[ -x /usr/local/go/bin/go ]]; then
		printf '%s\n' /usr/local/go/bin/go
	else
		die "go is not on PATH (needed to build kube-apiserver)"
	fi
}

build_apiserver() {
	if [[ -n ${VIGIL_KUBE_APISERVER:-} ]]; then
		[[ -x ${VIGIL_KUBE_APISERVER} ]] || die "VIGIL_KUBE_APISERVER=${VIGIL_KUBE_APISERVER} is not executable"
		return 0
	fi
	if [[ -x ${CACHED_APISERVER} ]]; then
		return 0
	fi
	[[ -f ${TOOLS_MODULE}/go.mod ]] || die "missing ${TOOLS_MODULE}/go.mod"
	mkdir -p "${CACHE_DIR}"

	# Serialise concurrent builds; the second one finds the binary in place.
	local lock_fd
	if command -v flock >/dev/null 2>&1; then
		exec {lock_fd}>"${CACHE_DIR}/.build.lock"
		flock "${lock_fd}"
		if [[ -x ${CACHED_APISERVER} ]]; then
			exec {lock_fd}>&-
			return 0
		fi
	fi

	local go_bin tmp pkg ldflags start
	go_bin="$(find_go)"
	tmp="$(mktemp "${CACHED_APISERVER}.tmp.XXXXXX")"
	# shellcheck disable=SC2064 # expand tmp now: it is local
	trap "rm -f -- '${tmp}'" EXIT
	pkg=k8s.io/kubernetes/cmd/kube-apiserver
	ldflags="-s -w"
	local v
	for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		ldflags+=" -X ${v}.gitVersion=${KUBE_VERSION} -X ${v}.gitMajor=1 -X ${v}.gitMinor=34 -X ${v}.gitTreeState=clean"
	done
	log "building kube-apiserver ${KUBE_VERSION} (takes ~6 min on 2 cores from a cold cache)"
	start=${SECONDS}
	(cd "${TOOLS_MODULE}" && GOFLAGS="-mod=readonly -buildvcs=false" GOWORK=off \
		"${go_bin}" build -trimpath -ldflags "${ldflags}" -o "${tmp}" "${pkg}") ||
		die "building kube-apiserver in ${TOOLS_MODULE}"
	chmod 0755 "${tmp}"
	mv -f "${tmp}" "${CACHED_APISERVER}"
	trap - EXIT
	log "built ${CACHED_APISERVER} in $((SECONDS - start))s"
	if [[ -n ${lock_fd:-} ]]; then
		exec {lock_fd}>&-
	fi
}

apiserver_path() {
	if [[ -n ${VIGIL_KUBE_APISERVER:-} ]]; then
		printf '%s\n' "${VIGIL_KUBE_APISERVER}"
	else
		printf '%s\n' "${CACHED_APISERVER}"
	fi
}

cmd_build() {
	ensure_etcd
	build_apiserver
	apiserver_path
}

# port_in_use reports whether something listens on 127.0.0.1:$1.
port_in_use() {
	local port=$1
	if command -v ss >/dev/null 2>&1; then
		[[ -n $(ss -Htln "sport = :${port}" 2>/dev/null) ]]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null
	fi
}

# free_port prints a loopback port that nothing listens on and that is not
# among the arguments. It stays below the usual ephemeral range
# (32768-60999) so that outgoing connections do not take it meanwhile.
free_port() {
	local port taken i
	for ((i = 0; i < 200; i++)); do
		port=$((20000 + RANDOM % 12000))
		for taken in "$@"; do
			[[ ${port} == "${taken}" ]] && continue 2
		done
		if ! port_in_use "${port}"; then
			printf '%s\n' "${port}"
			return 0
		fi
	done
	die "no free loopback port found"
}

# running reports whether process $1 exists and is not a zombie: once the
# shell that started it is gone, an exited process may linger unreaped.
running() {
	local pid=$1 stat
	kill -0 "${pid}" 2>/dev/null || return 1
	if [[ -r /proc/${pid}/stat ]]; then
		stat="$(</proc/"${pid}"/stat)" || return 1
		stat=${stat##*) }
		[[ ${stat:0:1} != Z ]]
	fi
}

pid_alive() {
	local f=$1 pid
	[[ -f ${f} ]] || return 1
	pid="$(<"${f}")"
	[[ -n ${pid} ]] && running "${pid}"
}

# stop_pid kills the process group led by the pid in file $1 (each component
# is started with setsid), waiting up to 10 s before SIGKILL.
stop_pid() {
	local f=$1 name=$2 pid i
	[[ -f ${f} ]] || return 0
	pid="$(<"${f}")"
	if [[ -n ${pid} ]] && running "${pid}"; then
		log "stopping ${name} (pid ${pid})"
		kill -TERM -- "-${pid}" 2>/dev/null || kill -TERM "${pid}" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			running "${pid}" || break
			sleep 0.1
		done
		if running "${pid}"; then
			kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
		fi
	fi
	rm -f "${f}"
}

read_token() {
	# tokens.csv: token,user,uid[,"groups"]
	awk -F, -v u="$1" '$2 == u { print $1 }' "${STATE_DIR}/tokens.csv"
}

is_ready() {
	local port
	[[ -f ${STATE_DIR}/apiserver.port && -f ${STATE_DIR}/tokens.csv ]] || return 1
	pid_alive "${STATE_DIR}/etcd.pid" && pid_alive "${STATE_DIR}/kube-apiserver.pid" || return 1
	port="$(<"${STATE_DIR}/apiserver.port")"
	[[ $(curl -sS --max-time 5 --cacert "${STATE_DIR}/pki/ca.crt" \
		-H "Authorization: Bearer $(read_token vigil-admin)" \
		"https://127.0.0.1:${port}/readyz" 2>/dev/null) == ok ]]
}

gen_pki() {
	local pki=${STATE_DIR}/pki
	mkdir -p "${pki}"
	openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 \
		-keyout "${pki}/ca.key" -out "${pki}/ca.crt" -subj "/CN=vigil-testenv-ca" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
	openssl req -new -nodes -newkey rsa:2048 -sha256 \
		-keyout "${pki}/apiserver.key" -out "${pki}/apiserver.csr" -subj "/CN=kube-apiserver" 2>/dev/null
	cat >"${pki}/apiserver.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
	openssl x509 -req -sha256 -days 3650 -in "${pki}/apiserver.csr" \
		-CA "${pki}/ca.crt" -CAkey "${pki}/ca.key" -CAcreateserial \
		-extfile "${pki}/apiserver.ext" -out "${pki}/apiserver.crt" 2>/dev/null
	openssl genrsa -out "${pki}/sa.key" 2048 2>/dev/null
	openssl rsa -in "${pki}/sa.key" -pubout -out "${pki}/sa.pub" 2>/dev/null
	chmod 0600 "${pki}"/*.key
}

gen_tokens() {
	local admin restricted
	admin="$(openssl rand -hex 24)"
	restricted="$(openssl rand -hex 24)"
	cat >"${STATE_DIR}/tokens.csv" <<EOF
${admin},vigil-admin,vigil-admin,"system:masters"
${restricted},vigil-restricted,vigil-restricted
EOF
}

write_kubeconfig() {
	local file=$1 user=$2 token=$3 port=$4 ca
	ca="$(base64 -w0 <"${STATE_DIR}/pki/ca.crt")"
	cat >"${file}.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: ${CONTEXT_NAME}
  cluster:
    server: https://127.0.0.1:${port}
    certificate-authority-data: ${ca}
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: ${CONTEXT_NAME}
  context:
    cluster: ${CONTEXT_NAME}
    user: ${user}
current-context: ${CONTEXT_NAME}
EOF
	mv -f "${file}.tmp" "${file}"
}

log_tail() {
	local f=$1
	[[ -f ${f} ]] || return 0
	log "last lines of ${f}:"
	tail -n 30 "${f}" >&2 || true
}

start_etcd() {
	local etcd_bin=$1 client_port=$2 peer_port=$3 i
	log "starting etcd on 127.0.0.1:${client_port}"
	setsid "${etcd_bin}" \
		--name=vigil \
		--data-dir="${STATE_DIR}/etcd-data" \
		--listen-client-urls="http://127.0.0.1:${client_port}" \
		--advertise-client-urls="http://127.0.0.1:${client_port}" \
		--listen-peer-urls="http://127.0.0.1:${peer_port}" \
		--initial-advertise-peer-urls="http://127.0.0.1:${peer_port}" \
		--initial-cluster="vigil=http://127.0.0.1:${peer_port}" \
		--initial-cluster-state=new \
		--logger=zap --log-outputs=stderr \
		</dev/null >"${STATE_DIR}/etcd.log" 2>&1 &
	echo $! >"${STATE_DIR}/etcd.pid"
	for ((i = 0; i < 300; i++)); do
		if curl -fsS --max-time 2 "http://127.0.0.1:${client_port}/health" 2>/dev/null | grep -q '"health":"true"'; then
			return 0
		fi
		pid_alive "${STATE_DIR}/etcd.pid" || break
		sleep 0.1
	done
	log_tail "${STATE_DIR}/etcd.log"
	die "etcd did not become healthy on 127.0.0.1:${client_port}"
}

start_apiserver() {
	local bin=$1 etcd_port=$2 port=$3 pki=${STATE_DIR}/pki
	log "starting kube-apiserver on https://127.0.0.1:${port}"
	# --endpoint-reconciler-type=none: Endpoints may not hold loopback
	# addresses, so the default reconciler would fail every 10 s; the
	# "kubernetes" Service is still created, without endpoints.
	setsid "${bin}" \
		--etcd-servers="http://127.0.0.1:${etcd_port}" \
		--etcd-prefix=/registry \
		--bind-address=127.0.0.1 \
		--advertise-address=127.0.0.1 \
		--endpoint-reconciler-type=none \
		--secure-port="${port}" \
		--cert-dir="${pki}" \
		--tls-cert-file="${pki}/apiserver.crt" \
		--tls-private-key-file="${pki}/apiserver.key" \
		--client-ca-file="${pki}/ca.crt" \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="${pki}/sa.pub" \
		--service-account-signing-key-file="${pki}/sa.key" \
		--token-auth-file="${STATE_DIR}/tokens.csv" \
		--authorization-mode=RBAC \
		--service-cluster-ip-range=10.96.0.0/16 \
		--disable-admission-plugins=ServiceAccount \
		--allow-privileged=true \
		--profiling=false \
		</dev/null >"${STATE_DIR}/kube-apiserver.log" 2>&1 &
	echo $! >"${STATE_DIR}/kube-apiserver.pid"
	echo "${port}" >"${STATE_DIR}/apiserver.port"
}

wait_ready() {
	local port=$1 token=$2 deadline=$((SECONDS + READY_TIMEOUT)) out=""
	log "waiting up to ${READY_TIMEOUT}s for /readyz"
	while ((SECONDS < deadline)); do
		if ! pid_alive "${STATE_DIR}/kube-apiserver.pid"; then
			log_tail "${STATE_DIR}/kube-apiserver.log"
			die "kube-apiserver exited before becoming ready (log: ${STATE_DIR}/kube-apiserver.log)"
		fi
		out="$(curl -sS --max-time 5 --cacert "${STATE_DIR}/pki/ca.crt" \
			-H "Authorization: Bearer ${token}" "https://127.0.0.1:${port}/readyz" 2>&1)" || true
		if [[ ${out} == ok ]]; then
			return 0
		fi
		sleep 0.5
	done
	log "last /readyz response: ${out}"
	log_tail "${STATE_DIR}/kube-apiserver.log"
	die "kube-apiserver not ready after ${READY_TIMEOUT}s (log: ${STATE_DIR}/kube-apiserver.log)"
}

cmd_up() {
	if is_ready; then
		log "already up (state dir ${STATE_DIR})"
		printf '%s\n' "${STATE_DIR}/admin.kubeconfig"
		return 0
	fi
	if [[ -e ${STATE_DIR} ]]; then
		log "removing stale state in ${STATE_DIR}"
		cmd_down
	fi
	command -v openssl >/dev/null 2>&1 || die "openssl is required"
	command -v curl >/dev/null 2>&1 || die "curl is required"
	command -v setsid >/dev/null 2>&1 || die "setsid (util-linux) is required"

	ensure_etcd
	build_apiserver
	local etcd_bin apiserver_bin
	etcd_bin="$(find_etcd)"
	apiserver_bin="$(apiserver_path)"

	# Keys, tokens and kubeconfigs are for the current user only.
	umask 077
	mkdir -p "${STATE_DIR}"
	: >"${STATE_DIR}/${MARKER}"
	# If anything below fails, do not leave half-started processes behind.
	trap 'rc=$?; if ((rc != 0)); then log "up failed; cleaning up"; cmd_down; fi' EXIT

	gen_pki
	gen_tokens

	local etcd_port peer_port api_port admin restricted
	etcd_port="$(free_port)"
	peer_port="$(free_port "${etcd_port}")"
	api_port="$(free_port "${etcd_port}" "${peer_port}")"
	start_etcd "${etcd_bin}" "${etcd_port}" "${peer_port}"
	start_apiserver "${apiserver_bin}" "${etcd_port}" "${api_port}"

	admin="$(read_token vigil-admin)"
	restricted="$(read_token vigil-restricted)"
	wait_ready "${api_port}" "${admin}"
	write_kubeconfig "${STATE_DIR}/admin.kubeconfig" vigil-admin "${admin}" "${api_port}"
	write_kubeconfig "${STATE_DIR}/restricted.kubeconfig" vigil-restricted "${restricted}" "${api_port}"
	trap - EXIT
	log "ready: https://127.0.0.1:${api_port} (logs in ${STATE_DIR})"
	printf '%s\n' "${STATE_DIR}/admin.kubeconfig"
}

cmd_down() {
	[[ -e ${STATE_DIR} ]] || return 0
	# Never rm -rf a directory this script did not create.
	if [[ ! -f ${STATE_DIR}/${MARKER} && -n $(ls -A "${STATE_DIR}" 2>/dev/null) ]]; then
		die "${STATE_DIR} is not a vigil test environment (no ${MARKER}); not removing it"
	fi
	stop_pid "${STATE_DIR}/kube-apiserver.pid" kube-apiserver
	stop_pid "${STATE_DIR}/etcd.pid" etcd
	rm -rf "${STATE_DIR}"
}

cmd_env() {
	[[ -f ${STATE_DIR}/admin.kubeconfig ]] || die "not up; run: $0 up"
	printf 'export KUBECONFIG=%q\n' "${STATE_DIR}/admin.kubeconfig"
}

cmd_status() {
	if is_ready; then
		log "up: https://127.0.0.1:$(<"${STATE_DIR}/apiserver.port")"
	else
		log "not up"
		return 1
	fi
}

usage() {
	sed -n '2,/^set -euo pipefail/{/^set /d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
}

main() {
	local cmd=${1:-}
	case ${cmd} in
	build) cmd_build ;;
	up) cmd_up ;;
	down) cmd_down ;;
	env) cmd_env ;;
	status) cmd_status ;;
	-h | --help | help) usage ;;
	*)
		usage
		exit 2
		;;
	esac
}

# "exit" on the same line: bash never reads past it, even if this file is
# edited while it runs.
main "$@"; exit
