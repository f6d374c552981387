# Sourced by .ci/run: installs unixODBC, the SQLite and PostgreSQL ODBC
# drivers and PostgreSQL, and starts a throwaway PostgreSQL cluster on
# loopback for the ODBC storage conformance suite.
#
# Nothing here is fatal: when a step cannot be done (no root, no package
# registry), it says why and the suite reports itself as SKIPPED. When every
# step worked, STATETRACE_REQUIRE_ODBC=1 is exported so that `cargo xtask ci`
# fails instead of skipping: a green CI run then proves the suite ran.

odbc_log() { echo "odbc-setup: $*"; }

# Installs the packages with apt-get, quietly and without questions.
odbc_install() {
    local packages="unixodbc-dev libsqliteodbc odbc-postgresql postgresql"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            odbc_log "not root and no password-less sudo: cannot install $packages"
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        odbc_log "no apt-get on this machine: cannot install $packages"
        return 1
    fi
    local installed
    # shellcheck disable=SC2086
    installed="$(dpkg-query -W -f='${Status}\n' $packages 2>/dev/null | grep -c "install ok installed" || true)"
    if [ "$installed" != 4 ]; then
        odbc_log "installing $packages"
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        $sudo apt-get update -qq >/dev/null \
            && $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null \
            || { odbc_log "apt-get could not install $packages"; return 1; }
    else
        odbc_log "$packages already installed"
    fi
}

# Starts PostgreSQL in a temporary folder on 127.0.0.1 with trust auth and
# creates the test role and database. Sets ODBC_PG_DIR for odbc_teardown.
odbc_start_postgres() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        odbc_log "no PostgreSQL server binaries found"
        return 1
    fi
    local run=()
    if [ "$(id -u)" = 0 ]; then
        # initdb refuses to run as root: run the cluster as the postgres user.
        id postgres >/dev/null 2>&1 || { odbc_log "no postgres user"; return 1; }
        run=(runuser -u postgres --)
    fi
    ODBC_PG_BIN="$bin"
    ODBC_PG_RUN="${run[*]}"
    ODBC_PG_DIR="$(mktemp -d /tmp/statetrace-pg.XXXXXX)"
    chmod 755 "$ODBC_PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$ODBC_PG_DIR"
    fi
    # A port nobody listens on, from a range unlikely to be in use.
    local port
    for port in $(seq 55432 55499); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
    done
    if ! "${run[@]}" "$bin/initdb" -D "$ODBC_PG_DIR/data" -A trust -U postgres -E UTF8 \
        --locale=C.UTF-8 >"$ODBC_PG_DIR/initdb.log" 2>&1; then
        odbc_log "initdb failed:"; cat "$ODBC_PG_DIR/initdb.log"; return 1
    fi
    if ! "${run[@]}" "$bin/pg_ctl" -D "$ODBC_PG_DIR/data" -l "$ODBC_PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $ODBC_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
        odbc_log "PostgreSQL did not start:"; cat "$ODBC_PG_DIR/server.log"; return 1
    fi
    if ! "${run[@]}" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE statetrace LOGIN" -c "CREATE DATABASE statetrace_test OWNER statetrace" >/dev/null; then
        odbc_log "could not create the test role and database"; return 1
    fi
    export STATETRACE_TEST_PG_ODBC="Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=$port;Database=statetrace_test;Uid=statetrace;"
    odbc_log "PostgreSQL on 127.0.0.1:$port (data in $ODBC_PG_DIR)"
}

# Stops the throwaway cluster and removes its folder.
odbc_teardown() {
    if [ -n "${ODBC_PG_DIR:-}" ] && [ -d "$ODBC_PG_DIR" ]; then
        # shellcheck disable=SC2086
        ${ODBC_PG_RUN:-} "${ODBC_PG_BIN:-}/pg_ctl" -D "$ODBC_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$ODBC_PG_DIR"
    fi
}

odbc_setup() {
    if odbc_install; then
        if odbc_start_postgres; then
            export STATETRACE_REQUIRE_ODBC=1
        else
            odbc_log "PostgreSQL could not be started: its part of the suite will be skipped"
            # The SQLite part must still run when its driver is there.
            export STATETRACE_REQUIRE_ODBC=sqlite
        fi
    else
        odbc_log "continuing without ODBC: the ODBC storage conformance suite will be skipped"
    fi
}
