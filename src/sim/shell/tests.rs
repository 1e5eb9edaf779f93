//! Behaviour tests: each construct and message, every script of the course
//! chapter on failures and retries (8.3) against a small fake world, and a
//! seeded fuzz loop over generated and mutated scripts.

use super::*;
use crate::sorted::SortedMap;

const SUFFIX: &str = ".default.svc.cluster.local";

/// A small world: services up from a time, files, programs with attempts.
#[derive(Default)]
struct Fake {
    services: Vec<(String, u16, i64)>,
    files: SortedMap<String, FileInfo>,
    programs: SortedMap<String, Vec<ProgramRun>>,
    calls: SortedMap<String, usize>,
    reach_log: Vec<(String, u16, i64)>,
}

impl Fake {
    fn new() -> Self {
        Fake::default()
    }
    fn service(mut self, host: &str, port: u16, up_from: i64) -> Self {
        self.services.push((host.to_string(), port, up_from));
        self
    }
    fn file(mut self, path: &str, content: &str, executable: bool) -> Self {
        self.files.insert(
            path.to_string(),
            FileInfo {
                executable,
                content: content.to_string(),
            },
        );
        self
    }
    fn program(mut self, name: &str, runs: Vec<ProgramRun>) -> Self {
        self.programs.insert(name.to_string(), runs);
        self
    }
}

fn prog(runs_ms: Option<i64>, exit: i32, output: &[&str]) -> ProgramRun {
    ProgramRun {
        runs_ms,
        exit,
        memory_bytes: None,
        output: output.iter().map(|s| s.to_string()).collect(),
        handles_sigterm: true,
    }
}

impl World for Fake {
    fn reach(&mut self, host: &str, port: u16, at_ms: i64) -> bool {
        self.reach_log.push((host.to_string(), port, at_ms));
        let short = host.strip_suffix(SUFFIX).unwrap_or(host);
        self.services.iter().any(|(h, p, from)| {
            h.strip_suffix(SUFFIX).unwrap_or(h) == short && *p == port && at_ms >= *from
        })
    }
    fn file(&self, path: &str) -> Option<FileInfo> {
        self.files.get(path).cloned()
    }
    fn exec(&mut self, name: &str, _args: &[String], _at_ms: i64) -> Exec {
        let base = name.rsplit('/').next().unwrap_or(name);
        if let Some(runs) = self.programs.get(base) {
            let k = self.calls.get_or_insert_with(base.to_string(), || 0);
            let r = runs
                .get(*k)
                .or_else(|| runs.last())
                .cloned()
                .unwrap_or_else(|| prog(Some(1000), 0, &[]));
            *k += 1;
            return Exec::Run(r);
        }
        if let Some(f) = self.files.get(name) {
            if !f.executable {
                return Exec::NotExecutable;
            }
        }
        Exec::NotFound
    }
}

fn cfg() -> Config {
    Config {
        env: vec![("HOSTNAME".into(), "job-abc12".into())],
        epoch_unix: 1_772_416_680, // 2026-03-02T01:58:00Z
        max_steps: 10_000,
        ..Config::default()
    }
}

fn run_in(src: &str, world: &mut Fake, cfg: &Config, start: i64, until: i64) -> Run {
    let script = parse_for_run(src);
    run(&script, cfg.clone(), world, start, until)
}

fn sh(src: &str) -> Run {
    run_in(src, &mut Fake::new(), &cfg(), 0, 3_600_000)
}

/// The log as text, stderr lines marked with `!`.
fn text(r: &Run) -> String {
    r.output
        .iter()
        .map(|l| {
            if l.stderr {
                format!("!{}\n", l.text)
            } else {
                format!("{}\n", l.text)
            }
        })
        .collect()
}

fn code(r: &Run) -> i32 {
    match r.end {
        End::Exited { code, .. } => code,
        ref e => panic!("not exited: {e:?}"),
    }
}

fn ended_at(r: &Run) -> i64 {
    match r.end {
        End::Exited { at_ms, .. } => at_ms,
        ref e => panic!("not exited: {e:?}"),
    }
}

fn check(src: &str, out: &str, status: i32) {
    let r = sh(src);
    assert_eq!(text(&r), out, "output of {src:?}");
    assert_eq!(code(&r), status, "status of {src:?}");
}

// ------------------------------------------------------------- basics

#[test]
fn echo_and_printf() {
    check("echo hello world", "hello world\n", 0);
    check("echo -n a; echo b", "ab\n", 0);
    check("echo -e 'a\\tb'", "a\tb\n", 0);
    check("echo 'a\\tb'", "a\\tb\n", 0);
    check("echo -x", "-x\n", 0);
    check("printf '%s-%d\\n' a 42", "a-42\n", 0);
    check("printf '%s\\n' a b c", "a\nb\nc\n", 0);
    check(
        "printf '%5s|%-3d|%03d|%x|%%\\n' ab 7 5 255",
        "   ab|7  |005|ff|%\n",
        0,
    );
    check("printf '%.2f\\n' 3.14159", "3.14\n", 0);
    check(
        "printf '%d\\n' abc",
        // stderr is unbuffered, stdout is flushed at exit
        "!printf: invalid number 'abc'\n0\n",
        1,
    );
    check("printf 'no newline'", "no newline\n", 0);
}

#[test]
fn variables_and_parameters() {
    check("A=1; echo $A ${A} \"$A\"", "1 1 1\n", 0);
    check("echo ${U:-def} ${U-d2} ${E:-x}", "def d2 x\n", 0);
    check(
        "E=; echo \"[${E-unset}]\" \"[${E:-null}]\"",
        "[] [null]\n",
        0,
    );
    check("echo ${X:=5} $X", "5 5\n", 0);
    check("A=abc; echo ${A:+yes} ${U:+no}.", "yes .\n", 0);
    check(
        "P=/a/b/c.tar.gz; echo ${P##*/} ${P%.*} ${P%%.*} ${P#/a}",
        "c.tar.gz /a/b/c.tar /a/b/c /b/c.tar.gz\n",
        0,
    );
    check(
        "A=hello; echo ${#A} ${A:1:3} ${A/l/L} ${A//l/L}",
        "5 ell heLlo heLLo\n",
        0,
    );
    check("false; echo $?; true; echo $?", "1\n0\n", 0);
    check("echo $$ $#", "1 0\n", 0);
    check("echo $HOSTNAME", "job-abc12\n", 0);
    check("A='x  y'; echo $A; echo \"$A\"", "x y\nx  y\n", 0);
    check(
        "set -- a 'b c'; echo $#; for i in \"$@\"; do echo \"<$i>\"; done",
        "2\n<a>\n<b c>\n",
        0,
    );
    check("for i in \"$@\"; do echo no; done; echo end", "end\n", 0);
    check("echo ~ ~/x", "/root /root/x\n", 0);
    check(
        "echo $((1 + 2 * 3)) $(( (7 - 1) / 2 )) $((10 % 4))",
        "7 3 2\n",
        0,
    );
    check(
        "i=0; i=$((i+1)); echo $i; : $((i += 5)); echo $i",
        "1\n6\n",
        0,
    );
    check("echo $(echo inner) `echo back`", "inner back\n", 0);
    check("A=$(printf 'a\\n\\n\\n'); echo \"[$A]\"", "[a]\n", 0);
    check("X=$(false); echo $?", "1\n", 0);
    check("echo $'a\\tb'", "a\tb\n", 0);
    check("echo ${UNSET_VAR}x", "x\n", 0);
    check("A=1 B=2; echo $A$B", "12\n", 0);
    check("export A=exported; sh -c 'echo $A'", "exported\n", 0);
}

#[test]
fn word_splitting_and_quotes() {
    check("A='a b c'; for x in $A; do echo $x; done", "a\nb\nc\n", 0);
    check("echo 'single $A' \"double $A\"", "single $A double \n", 0);
    check("echo \"a\\\"b\" 'c\\d'", "a\"b c\\d\n", 0);
    check("echo a\\ b", "a b\n", 0);
    check("echo '' \"\" | wc -c", "2\n", 0);
    check("IFS=:; A=x:y; for i in $A; do echo $i; done", "x\ny\n", 0);
    check("echo *.nothing", "*.nothing\n", 0);
}

#[test]
fn control_flow() {
    check("if true; then echo y; else echo n; fi", "y\n", 0);
    check(
        "if false; then echo y; elif true; then echo e; else echo n; fi",
        "e\n",
        0,
    );
    check("if false; then echo y; fi; echo $?", "0\n", 0);
    check(
        "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done",
        "0\n1\n2\n",
        0,
    );
    check(
        "i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i",
        "2\n",
        0,
    );
    check(
        "for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done",
        "1\n3\n",
        0,
    );
    check(
        "for i in 1 2; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done",
        "1a\n2a\n",
        0,
    );
    check(
        "for i in 1 2; do for j in a b; do break 2; done; done; echo out $i",
        "out 1\n",
        0,
    );
    check("case abc in a*) echo A;; *) echo other;; esac", "A\n", 0);
    check("case x in a|x) echo ax;; esac", "ax\n", 0);
    check("case 'a*' in 'a*') echo lit;; esac", "lit\n", 0);
    check("case zzz in a) echo a;; esac; echo $?", "0\n", 0);
    check("true && echo a || echo b", "a\n", 0);
    check("false && echo a || echo b", "b\n", 0);
    check("! false && echo neg", "neg\n", 0);
    check("{ echo a; echo b; }", "a\nb\n", 0);
    check("(A=inner; exit 3); echo $? ${A:-outer}", "3 outer\n", 0);
    check("break; echo after", "after\n", 0);
}

#[test]
fn functions() {
    check("f() { echo \"f:$1:$#\"; }; f a b", "f:a:2\n", 0);
    check("f() { return 3; }; f; echo $?", "3\n", 0);
    check(
        "f() { local x=in; echo $x; }; x=out; f; echo $x",
        "in\nout\n",
        0,
    );
    check(
        "f() { echo $@; shift; echo $@; }; f 1 2 3",
        "1 2 3\n2 3\n",
        0,
    );
    check("function g { echo g; }; g", "g\n", 0);
    check(
        "retry() { n=0; until \"$@\"; do n=$((n+1)); [ $n -ge 3 ] && return 1; done; }; retry false; echo $? $n",
        "1 3\n",
        0,
    );
    check("f() { echo $0; }; f", "sh\n", 0);
    check("local x=1", "!sh: local: line 1: not in a function\n", 2);
}

#[test]
fn exit_statuses() {
    check("exit 3", "", 3);
    check("exit 256", "", 0);
    check("exit 300", "", 44);
    check("false", "", 1);
    check("false; exit", "", 1);
    check("exit abc", "!sh: exit: line 1: Illegal number: abc\n", 2);
    check("exit -1", "!sh: exit: line 1: Illegal number: -1\n", 2);
    check("echo a; exit 1; echo b", "a\n", 1);
}

#[test]
fn not_found_and_permission() {
    check("nosuchcmd arg", "!sh: nosuchcmd: not found\n", 127);
    check("nosuchcmd; echo $?", "!sh: nosuchcmd: not found\n127\n", 0);
    let mut w = Fake::new().file("/app/run.sh", "echo hi", false);
    let r = run_in("/app/run.sh", &mut w, &cfg(), 0, 10_000);
    assert_eq!(text(&r), "!sh: /app/run.sh: Permission denied\n");
    assert_eq!(code(&r), 126);
    let mut w = Fake::new().file("/app/ok.sh", "echo from script $1\nexit 4", true);
    let r = run_in("/app/ok.sh arg", &mut w, &cfg(), 0, 10_000);
    assert_eq!(text(&r), "from script arg\n");
    assert_eq!(code(&r), 4);
    let c = Config {
        arg0: "/bin/sh".into(),
        ..cfg()
    };
    let r = run_in("my-command", &mut Fake::new(), &c, 0, 10_000);
    assert_eq!(text(&r), "!/bin/sh: my-command: not found\n");
    let c = Config {
        arg0: "myscript".into(),
        named: true,
        ..cfg()
    };
    let r = run_in("echo a\n\nnope", &mut Fake::new(), &c, 0, 10_000);
    assert_eq!(text(&r), "a\n!myscript: line 3: nope: not found\n");
}

#[test]
fn set_e_follows_ash() {
    check("set -e; false; echo no", "", 1);
    check("set -e; if false; then :; fi; echo yes", "yes\n", 0);
    check(
        "set -e; false || echo recovered; echo yes",
        "recovered\nyes\n",
        0,
    );
    check("set -e; false && echo no; echo yes", "yes\n", 0);
    check("set -e; true && false; echo no", "", 1);
    check("set -e; ! true; echo yes", "yes\n", 0);
    check("set -e; while false; do :; done; echo yes", "yes\n", 0);
    check("set -e; f() { false; echo in; }; f; echo no", "", 1);
    check(
        "set -e; f() { false; echo in; }; if f; then echo ok; fi",
        "in\nok\n",
        0,
    );
    check("set -e; (false); echo no", "", 1);
    check("set -e; X=$(false); echo no", "", 1);
    check(
        "set -e; echo $(false; echo still); echo yes",
        "still\nyes\n",
        0,
    );
    check(
        "set -o errexit; nosuch; echo no",
        "!sh: nosuch: not found\n",
        127,
    );
    check("set -e; false | true; echo yes", "yes\n", 0);
    check("set -eo pipefail; false | true; echo no", "", 1);
}

#[test]
fn set_u_and_options() {
    check(
        "set -u; echo $NOPE; echo after",
        "!sh: NOPE: parameter not set\n",
        2,
    );
    check("set -u; echo ${NOPE:-ok}", "ok\n", 0);
    check("set -u; echo ${1}", "!sh: 1: parameter not set\n", 2);
    check("echo ${NOPE:?must be set}", "!sh: NOPE: must be set\n", 2);
    check("echo ${NOPE?}", "!sh: NOPE: parameter not set\n", 2);
    check("set -eux; echo $-", "!+ echo uxce\nuxce\n", 0);
    check(
        "set -o nope; echo $?",
        "!sh: set: line 1: illegal option -o nope\n1\n",
        0,
    );
    check(
        "set -q; echo no",
        "!sh: set: line 1: illegal option -q\n",
        2,
    );
    check("set -o pipefail; false | true; echo $?", "1\n", 0);
    check("false | true; echo $?", "0\n", 0);
    check("set -- x y; echo $1 $2", "x y\n", 0);
}

#[test]
fn xtrace_quotes_like_ash() {
    check(
        "set -x; echo 'a b' c=d \"\" if; X=1 true",
        "!+ echo 'a b' 'c=d'  'if'\na b c=d  if\n!+ X=1 true\n",
        0,
    );
    check(
        "set -x; [ ! -f /x ] && echo ok",
        "!+ '[' '!' -f /x ]\n!+ echo ok\nok\n",
        0,
    );
    check("set -x; A=\"it's\"", "!+ A='it'\"'\"'s'\n", 0);
    check("set -x; echo hi 2>/dev/null", "hi\n", 0);
    check("set -x; echo $(echo hi)", "!+ echo hi\n!+ echo hi\nhi\n", 0);
    // `in` is a reserved word: ash quotes it
    check("set -x; echo in", "!+ echo 'in'\nin\n", 0);
    check("set -x; set +x; echo quiet", "!+ set +x\nquiet\n", 0);
}

#[test]
fn test_builtin() {
    check("[ 1 -eq 1 ] && echo y", "y\n", 0);
    check("[ a = b ]; echo $?", "1\n", 0);
    check("[ -z '' ] && [ -n x ] && echo y", "y\n", 0);
    check("[ 2 -gt 1 -a 1 -lt 2 ] && echo y", "y\n", 0);
    check("[ 1 -gt 2 -o 3 -ge 3 ] && echo y", "y\n", 0);
    check("[ ! a = b ] && echo y", "y\n", 0);
    check("test \\( 1 -eq 1 \\) && echo y", "y\n", 0);
    check("[ 1 -eq 1", "!sh: missing ]\n", 2);
    check("[ a -eq 1 ]", "!sh: a: bad number\n", 2);
    check("[ 1 -eq ]; echo $?", "!sh: -eq: argument expected\n2\n", 0);
    check("[ ]; echo $?", "1\n", 0);
    check("[ -f /etc/none ] || echo missing", "missing\n", 0);
    check(
        "[ -d /tmp ] && [ -x /bin/sh ] && [ -e /dev/null ] && echo std",
        "std\n",
        0,
    );
    check("[ a b ]", "!sh: b: unknown operand\n", 2);
    check("[[ abc == a* ]] && echo glob", "glob\n", 0);
    check("[[ -n x && 1 -eq 1 ]] && echo and", "and\n", 0);
    check("[[ v12 =~ [0-9]+ ]] && echo re", "re\n", 0);
}

#[test]
fn files_and_redirections() {
    let mut w = Fake::new().file("/config/app.conf", "", false).file(
        "/var/log/error.log",
        "ERROR disk full\nWARN x\nERROR again\n",
        false,
    );
    let r = run_in(
        "cat /var/log/error.log; cat /nope; echo $?; [ -f /config/app.conf ] && echo conf",
        &mut w,
        &cfg(),
        0,
        10_000,
    );
    assert_eq!(
        text(&r),
        "ERROR disk full\nWARN x\nERROR again\n!cat: can't open '/nope': No such file or directory\n1\nconf\n"
    );
    check("echo err >&2", "!err\n", 0);
    check("echo out 2>&1 >/dev/null", "", 0);
    check("nosuch >/dev/null 2>&1; echo $?", "127\n", 0);
    check(
        "{ echo a; nosuch; } 2>&1 | cat",
        "a\nsh: nosuch: not found\n",
        0,
    );
    check(
        "echo data > /tmp/f; echo more >> /tmp/f; cat /tmp/f",
        "data\nmore\n",
        0,
    );
    check(
        "echo x > f.txt; [ \"$(cat f.txt)\" = x ] && echo same",
        "same\n",
        0,
    );
    check(
        "cat < /nope",
        "!sh: can't open '/nope': No such file or directory\n",
        2,
    );
    check(
        "cat <<EOF\nhello $HOSTNAME\n  $((1+1))\nEOF\necho after",
        "hello job-abc12\n  2\nafter\n",
        0,
    );
    check("cat <<'EOF'\nraw $X\nEOF", "raw $X\n", 0);
    check(
        "exec >/dev/null; echo hidden; echo shown >&2",
        "!shown\n",
        0,
    );
    check("echo a > /proc/1/fd/1", "a\n", 0);
    check(
        "while read l; do echo \"<$l>\"; done <<EOF\na b\nc\nEOF",
        "<a b>\n<c>\n",
        0,
    );
    check("echo x | { read v; echo $v; }", "x\n", 0);
    check(
        "mkdir -p /data/x; touch /data/x/f; ls /data/x; rm /data/x/f; ls /data/x/f",
        "f\n!ls: /data/x/f: No such file or directory\n",
        1,
    );
}

#[test]
fn pipelines_and_filters() {
    check("printf 'a\\nb\\nc\\n' | grep b", "b\n", 0);
    check("printf 'a\\nb\\n' | grep -v a", "b\n", 0);
    check("printf 'a\\nb\\n' | grep -q z; echo $?", "1\n", 0);
    check("printf 'A\\nb\\n' | grep -i a", "A\n", 0);
    check("printf 'a\\nb\\na\\n' | grep -c a", "2\n", 0);
    check("printf 'x1\\nx22\\n' | grep -E 'x[0-9]{2}'", "x22\n", 0);
    check("printf '1\\n2\\n3\\n' | wc -l", "3\n", 0);
    check("printf '1\\n2\\n3\\n' | head -n 2", "1\n2\n", 0);
    check("printf '1\\n2\\n3\\n' | tail -n 1", "3\n", 0);
    check("printf '1\\n2\\n3\\n' | tail -2", "2\n3\n", 0);
    check("echo hi | tee /tmp/t; cat /tmp/t", "hi\nhi\n", 0);
    check("echo a | cat | cat", "a\n", 0);
    check("x=1; echo | x=2; echo $x", "1\n", 0);
    check(
        "grep x /nope",
        "!grep: /nope: No such file or directory\n",
        2,
    );
    check("echo 'a.b' | grep -F '.'", "a.b\n", 0);
    check("seq 3 | while read n; do echo n$n; done", "n1\nn2\nn3\n", 0);
}

#[test]
fn ps_lists_processes_and_pipeline() {
    let c = Config {
        processes: vec!["long-process.sh".into()],
        ..cfg()
    };
    let r = run_in("ps aux", &mut Fake::new(), &c, 0, 10_000);
    assert_eq!(
        text(&r),
        "PID   USER     TIME  COMMAND\n    1 root      0:00 long-process.sh\n    2 root      0:00 ps aux\n"
    );
    let probe = "ps aux | grep -v grep | grep long-process";
    let r = run_in(probe, &mut Fake::new(), &c, 0, 10_000);
    assert_eq!(text(&r), "    1 root      0:00 long-process.sh\n");
    assert_eq!(code(&r), 0);
    let none = Config {
        processes: vec!["sh".into()],
        ..cfg()
    };
    let r = run_in(probe, &mut Fake::new(), &none, 0, 10_000);
    assert_eq!(code(&r), 1);
    // without `grep -v grep`, grep finds itself, as in a real container
    let r = run_in(
        "ps aux | grep long-process",
        &mut Fake::new(),
        &none,
        0,
        10_000,
    );
    assert_eq!(code(&r), 0);
}

#[test]
fn date_formats() {
    check("date", "Mon Mar  2 01:58:00 UTC 2026\n", 0);
    check("date +%s", "1772416680\n", 0);
    check("date '+%Y-%m-%d %H:%M:%S'", "2026-03-02 01:58:00\n", 0);
    check("sleep 61; date +%T", "01:59:01\n", 0);
    check("date -u -Iseconds", "2026-03-02T01:58:00+0000\n", 0);
    check("date -d @0 +%F", "1970-01-01\n", 0);
}

/// busybox find's tests (ACTF in findutils/find.c): `-mmin -2` is "less
/// than 2 minutes old", `-mmin 2` "2 minutes old, to the minute",
/// `-mmin +2` "3 minutes or older"; a directory lists what the script made.
#[test]
fn find_and_stat_see_modification_times() {
    check(
        "touch /tmp/hb; sleep 100; find /tmp/hb -mmin -2",
        "/tmp/hb\n",
        0,
    );
    check("touch /tmp/hb; sleep 120; find /tmp/hb -mmin -2", "", 0);
    check(
        "touch /tmp/hb; sleep 150; find /tmp/hb -mmin 2",
        "/tmp/hb\n",
        0,
    );
    check("touch /tmp/hb; sleep 179; find /tmp/hb -mmin +2", "", 0);
    check(
        "touch /tmp/hb; sleep 180; find /tmp/hb -mmin +2",
        "/tmp/hb\n",
        0,
    );
    check("touch /tmp/hb; sleep 90; touch /tmp/hb; sleep 90; find /tmp/hb -mmin -2 | grep -q hb && echo alive", "alive\n", 0);
    check(
        "mkdir -p /w/sub; echo a > /w/a.txt; echo b > /w/sub/b.txt; touch /w/c.log; find /w",
        "/w\n/w/a.txt\n/w/c.log\n/w/sub\n/w/sub/b.txt\n",
        0,
    );
    check("mkdir /w; echo a > /w/a.txt; touch /w/c.log; cd /w; find . -name '*.txt' -o -name '*.log' -print", "./c.log\n", 0);
    check(
        "mkdir /w; echo a > /w/a.txt; mkdir /w/d; find /w -type f; find /w -maxdepth 0 ! -type f",
        "/w/a.txt\n/w\n",
        0,
    );
    check(
        "touch /a; sleep 5; touch /b; find /a /b -newer /a",
        "/b\n",
        0,
    );
    check(
        "find /nope; echo $?",
        "!find: /nope: No such file or directory\n1\n",
        0,
    );
    // ( ) groups (ENABLE_FEATURE_FIND_PAREN), with ! before them, and
    // nested; -print inside a group prints only what reaches it.
    check(
        "mkdir -p /w/dir.log; echo a > /w/a.txt; touch /w/c.log; touch /w/d.tmp; find /w \\( -name '*.txt' -o -name '*.log' \\) -type f",
        "/w/a.txt\n/w/c.log\n",
        0,
    );
    check(
        "mkdir /w; echo a > /w/a.txt; touch /w/c.log; find /w -type f ! \\( -name '*.txt' -o \\( -name 'c*' \\) \\)",
        "",
        0,
    );
    check(
        "mkdir /w; echo a > /w/a.txt; touch /w/c.log; find /w -type f ! \\( -name '*.txt' \\)",
        "/w/c.log\n",
        0,
    );
    check(
        "mkdir /w; touch /w/a /w/b; find /w \\( -name a -print \\) -o -name b",
        "/w/a\n",
        0,
    );
    // An empty -o group ends the list (busybox keeps no actions for it);
    // -maxdepth is an option wherever it stands.
    check(
        "mkdir /w; touch /w/a /w/b; find /w \\( -name a -o \\)",
        "/w/a\n",
        0,
    );
    check(
        "mkdir /w; touch /w/a /w/b; find /w -name a -o -o -name b",
        "/w/a\n",
        0,
    );
    check(
        "mkdir /w; touch /w/a; find /w \\( -maxdepth 0 \\)",
        "/w\n",
        0,
    );
    check("find / \\( -name x", "!find: unpaired '('\n", 1);
    let nested = |n: usize| {
        format!(
            "find /tmp {} -name x {}",
            "\\( ".repeat(n),
            "\\) ".repeat(n)
        )
    };
    check(&nested(32), "", 0);
    check(
        &nested(33),
        "!find: ( ) nested too deep for this simulation\n",
        1,
    );
    check("find / -name x \\)", "!find: unrecognized: )\n", 1);
    check("find / -bogus", "!find: unrecognized: -bogus\n", 1);
    check("find / -name", "!find: -name requires an argument\n", 1);
    // stat -c: %Y is the unix time of the last write.
    check(
        "echo hi > /tmp/f; sleep 7; stat -c '%n %s %Y %F' /tmp/f",
        "/tmp/f 3 1772416680 regular file\n",
        0,
    );
    check(
        "sleep 2; touch /tmp/f; sleep 60; echo $(( $(date +%s) - $(stat -c %Y /tmp/f) ))",
        "60\n",
        0,
    );
    check(
        "stat -c %y /tmp",
        "2026-03-02 01:58:00.000000000 +0000\n",
        0,
    );
    check(
        "stat /nope",
        "!stat: can't stat '/nope': No such file or directory\n",
        1,
    );
    check(
        "find / -type x",
        "!find: invalid argument 'x' to '-type'\n",
        1,
    );
    check("find / -maxdepth z", "!find: invalid number 'z'\n", 1);
    check(
        "mkdir -p /w/a/b; find /w ! -print -type d",
        "/w\n/w/a\n/w/a/b\n",
        0,
    );
    // mkdir -p makes its parents; rm needs -r for a directory.
    check("mkdir -p /w/a/b; test -d /w/a && echo dir", "dir\n", 0);
    check(
        "mkdir /w; echo x > /w/f; rm /w; echo $?",
        "!rm: '/w' is a directory\n1\n",
        0,
    );
    check(
        "mkdir /w; echo x > /w/f; rm -rf /w; cat /w/f; ls /w",
        "!cat: can't open '/w/f': No such file or directory\n!ls: /w: No such file or directory\n",
        1,
    );
    // test -nt / -ot compare modification times (test.c binop()).
    check("touch /a; sleep 2; touch /b; [ /b -nt /a ] && [ /a -ot /b ] && echo newer; [ /a -nt /nope ] || echo no", "newer\nno\n", 0);
    // touch -c, -d, -t, -r.
    check(
        "touch -c /tmp/none; test -e /tmp/none || echo none",
        "none\n",
        0,
    );
    check(
        "touch -d @1772416000 /tmp/old; stat -c %Y /tmp/old; find /tmp/old -mmin +10",
        "1772416000\n/tmp/old\n",
        0,
    );
    check(
        "touch -d '2026-03-01 12:00' /tmp/d; stat -c %y /tmp/d",
        "2026-03-01 12:00:00.000000000 +0000\n",
        0,
    );
    check("touch -t 03011200.30 /tmp/t; stat -c %Y /tmp/t; touch -t 202603011200 /tmp/u; stat -c %Y /tmp/u", "1772366430\n1772366400\n", 0);
    check(
        "touch -d @5 /a; sleep 3; touch -r /a /b; stat -c %Y /b",
        "5\n",
        0,
    );
    check(
        "touch -d tomorrow /a",
        "!touch: invalid date 'tomorrow'\n",
        1,
    );
    // A probe that asks the time says so (its answer may change alone).
    assert!(sh("find /tmp -mmin -1").read_clock && sh("date").read_clock);
    assert!(sh("find /tmp \\( -name x -o -mmin -1 \\)").read_clock);
    assert!(!sh("find /tmp -name x; stat /tmp").read_clock);
}

// ---------------------------------------------------------------- time

#[test]
fn sleep_takes_simulated_time() {
    let r = sh("echo a; sleep 2; echo b; sleep 0.5; sleep 1m; echo c");
    let times: Vec<i64> = r.output.iter().map(|l| l.at_ms).collect();
    assert_eq!(times, vec![0, 2000, 62_500]);
    assert_eq!(ended_at(&r), 62_500);
    check("sleep abc", "!sleep: invalid number 'abc'\n", 1);
    check("sleep", "!Usage: sleep [N]...\n", 1);
    let r = run_in("sleep 10", &mut Fake::new(), &cfg(), 100, 5_000);
    assert_eq!(r.end, End::Unfinished);
    let r = run_in("echo x; sleep infinity", &mut Fake::new(), &cfg(), 0, 5_000);
    assert_eq!(r.end, End::Unfinished);
    assert_eq!(text(&r), "x\n");
}

/// With `record_files`, a run keeps its files as they were from each
/// moment time moved on (what an exec probe sees), and a shell started
/// with one of those states reads them.
#[test]
fn a_run_keeps_its_file_states_for_probes() {
    let c = Config {
        record_files: Some((0, 500)),
        ..cfg()
    };
    let script = "echo 1 > /tmp/a; echo 2 >> /tmp/a; sleep 1; rm /tmp/a; touch /tmp/b; sleep 1; touch /tmp/b; sleep 1; mkdir /tmp/d";
    let r = run_in(script, &mut Fake::new(), &c, 500, 60_000);
    let times: Vec<i64> = r.files.iter().map(|(t, _)| *t).collect();
    // Touching a file again changes its modification time: a state too.
    assert_eq!(times, [500, 1500, 2500, 3500]);
    let probe = |state: usize, probe: &str| {
        let c = Config {
            files: Some(r.files[state].1.clone()),
            ..cfg()
        };
        text(&run_in(probe, &mut Fake::new(), &c, 0, 1000))
    };
    assert_eq!(
        probe(0, "cat /tmp/a; test -f /tmp/b || echo no b"),
        "1\n2\nno b\n"
    );
    assert_eq!(
        probe(1, "cat /tmp/a 2>&1; test -f /tmp/b && echo b"),
        "cat: can't open '/tmp/a': No such file or directory\nb\n"
    );
    assert_eq!(probe(3, "test -d /tmp/d && echo d"), "d\n");
    // Only states a beat sees are kept: here the beats are 10 s apart.
    let sparse = Config {
        record_files: Some((10_000, 10_000)),
        ..cfg()
    };
    let r2 = run_in(
        "touch /a; sleep 1; rm /a; sleep 1; touch /b; sleep 20; touch /c",
        &mut Fake::new(),
        &sparse,
        0,
        60_000,
    );
    let times: Vec<i64> = r2.files.iter().map(|(t, _)| *t).collect();
    assert_eq!(times, [2000, 22_000]);
    // A pipeline stage's files last while the others run: kept.
    let r3 = run_in(
        "sleep 10 | { touch /tmp/ok; sleep 1; }; sleep 100",
        &mut Fake::new(),
        &Config {
            record_files: Some((5_000, 10_000)),
            ..cfg()
        },
        0,
        60_000,
    );
    assert_eq!(r3.files.len(), 1);
    assert!(r3.files[0].0 <= 5_000, "{:?}", r3.files[0].0);
    // Without the option, nothing is kept.
    assert!(run_in(script, &mut Fake::new(), &cfg(), 0, 60_000)
        .files
        .is_empty());
    // About MAX_FILE_STATES_BYTES of them, with a note once the last is
    // kept: here a 64 KiB file (the longest string) rewritten every second.
    let r = run_in(
        "s=$(seq 1 20000); i=0; while true; do i=$((i+1)); echo \"$i $s\" > /tmp/n; sleep 1; done",
        &mut Fake::new(),
        &c,
        0,
        1_000_000,
    );
    let n = r.files.len();
    assert!((250..=260).contains(&n), "{n} states");
    assert_eq!(r.files[n - 1].0, (n as i64 - 1) * 1000);
    assert!(
        r.notes.iter().any(|n| n.contains("exec probe")),
        "{:?}",
        r.notes
    );
}

#[test]
fn programs_spread_output_and_honour_memory() {
    let mut w = Fake::new().program(
        "process-data.sh",
        vec![prog(Some(20_000), 0, &["Processing batch 1", "done"])],
    );
    let r = run_in("process-data.sh; echo rc=$?", &mut w, &cfg(), 1000, 600_000);
    let got: Vec<(i64, &str)> = r
        .output
        .iter()
        .map(|l| (l.at_ms, l.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (11_000, "Processing batch 1"),
            (21_000, "done"),
            (21_000, "rc=0")
        ]
    );
    let mut w = Fake::new().program(
        "hog",
        vec![ProgramRun {
            runs_ms: Some(20_000),
            exit: 0,
            memory_bytes: Some(400 << 20),
            output: vec![
                "start".into(),
                "middle".into(),
                "end".into(),
                "never".into(),
            ],
            handles_sigterm: true,
        }],
    );
    let c = Config {
        memory_limit: Some(100 << 20),
        ..cfg()
    };
    let r = run_in("echo before; hog; echo after", &mut w, &c, 0, 600_000);
    assert_eq!(r.end, End::OomKilled { at_ms: 5_000 });
    assert_eq!(text(&r), "before\nstart\n");
    let mut w = Fake::new().program(
        "leak",
        vec![ProgramRun {
            runs_ms: None,
            exit: 0,
            memory_bytes: Some(200),
            output: vec![],
            handles_sigterm: true,
        }],
    );
    let c = Config {
        memory_limit: Some(100),
        ..cfg()
    };
    let r = run_in("leak", &mut w, &c, 0, 600_000);
    assert_eq!(r.end, End::OomKilled { at_ms: 5_000 });
    // attempts: the k-th call of a program
    let mut w = Fake::new().program(
        "flaky",
        vec![
            prog(Some(5_000), 1, &["Connection refused"]),
            prog(Some(1_000), 0, &["ok"]),
        ],
    );
    let r = run_in(
        "until flaky; do echo retry; sleep 1; done; echo done",
        &mut w,
        &cfg(),
        0,
        600_000,
    );
    assert_eq!(text(&r), "Connection refused\nretry\nok\ndone\n");
    assert_eq!(ended_at(&r), 7_000);
}

#[test]
fn timeout_kills_like_busybox() {
    check("timeout 2 sleep 10; echo $?", "143\n", 0);
    check("timeout -s KILL 2 sleep 10; echo $?", "137\n", 0);
    check("timeout 10 sleep 1; echo $?", "0\n", 0);
    check(
        "timeout 1 nosuch; echo $?",
        "!timeout: can't execute 'nosuch': No such file or directory\n127\n",
        0,
    );
    let r = sh("timeout 2 sleep 10");
    assert_eq!(ended_at(&r), 2000);
    let mut w = Fake::new().program("process-data.sh", vec![prog(None, 0, &[])]);
    let r = run_in("timeout 1500 process-data.sh", &mut w, &cfg(), 0, 3_600_000);
    assert_eq!(
        r.end,
        End::Exited {
            code: 143,
            at_ms: 1_500_000
        }
    );
}

#[test]
fn runaway_and_recursion_are_bounded() {
    let r = sh("while true; do :; done");
    assert!(matches!(r.end, End::Runaway { at_ms: 0 }));
    assert!(r.notes[0].contains("10000 commands without pausing"));
    let r = sh("f() { f; }; f");
    assert!(matches!(r.end, End::Runaway { .. }));
    let r = sh("x=a; while :; do x=$x$x; done");
    assert!(matches!(r.end, End::Runaway { .. }));
    // a loop that sleeps runs until the horizon
    let r = run_in(
        "while true; do echo tick; sleep 1; done",
        &mut Fake::new(),
        &cfg(),
        0,
        5_500,
    );
    assert_eq!(r.end, End::Unfinished);
    assert_eq!(r.output.len(), 6);
}

#[test]
fn syntax_errors_as_ash_reports_them() {
    let e = parse("echo ok\nif true; then echo x\n").err();
    assert_eq!(
        e,
        Some(SyntaxError {
            line: 3,
            message: "sh: syntax error: unexpected end of file (expecting \"fi\")".into()
        })
    );
    assert_eq!(
        parse("fi").err().map(|e| e.message),
        Some("sh: syntax error: unexpected \"fi\"".into())
    );
    assert!(parse("echo ok").is_ok());
    // lines before the faulty one run, then the shell exits 2
    check(
        "echo one\necho two; fi\necho three",
        "one\n!sh: syntax error: unexpected \"fi\"\n",
        2,
    );
    check("echo ${a b}", "!sh: syntax error: bad substitution\n", 2);
    check(
        "eval 'if'",
        "!sh: syntax error: unexpected end of file (expecting \"then\")\n",
        2,
    );
    check("echo $((1/0))", "!sh: divide by zero\n", 2);
    check("echo $((1 +))", "!sh: arithmetic syntax error\n", 2);
}

#[test]
fn traps_eval_and_misc() {
    check("trap 'echo bye' EXIT; echo hi", "hi\nbye\n", 0);
    check("trap 'echo bye' EXIT; exit 3", "bye\n", 3);
    check("eval 'echo a; echo b'", "a\nb\n", 0);
    check("cmd='echo x'; $cmd", "x\n", 0);
    check("A=1; unset A; echo ${A-gone}", "gone\n", 0);
    check(
        "cd /tmp; pwd; cd /nonexistent; echo $?",
        "/tmp\n!sh: cd: line 1: can't cd to /nonexistent: No such file or directory\n2\n",
        0,
    );
    check(
        "command -v echo; command -v nosuch; echo $?",
        "echo\n127\n",
        0,
    );
    check("hostname; whoami", "job-abc12\nroot\n", 0);
    check("basename /a/b.txt .txt; dirname /a/b.txt", "b\n/a\n", 0);
    check("expr 2 + 3; expr 1 = 2; echo $?", "5\n0\n1\n", 0);
    check("let 'x = 2 * 3'; echo $x", "6\n", 0);
    check("sleep 1 & echo bg", "bg\n", 0);
    let r = sh("sleep 1 &");
    assert!(r.notes.iter().any(|n| n.contains("foreground")));
}

/// PID 1 over the run: (from, name, handles SIGTERM).
fn pid1(r: &Run) -> Vec<(i64, &str, bool)> {
    r.pid1
        .iter()
        .map(|p| (p.from_ms, p.name.as_str(), p.handles_sigterm))
        .collect()
}

/// PID 1 entries of `src` run with a `prog` (1 s) and a `deaf` program
/// that ignores SIGTERM.
fn pid1_of(src: &str) -> Vec<(i64, String, bool)> {
    let mut deaf = prog(Some(1000), 0, &[]);
    deaf.handles_sigterm = false;
    let mut w = Fake::new()
        .program("prog", vec![prog(Some(1000), 0, &["p"])])
        .program("deaf", vec![deaf])
        .file("/app/run.sh", "sleep 1\n", true);
    let r = run_in(src, &mut w, &cfg(), 0, 60_000);
    pid1(&r)
        .into_iter()
        .map(|(t, n, h)| (t, n.to_string(), h))
        .collect()
}

#[test]
fn last_command_replaces_pid1_as_ash_execs_it() {
    let shell = (0, "sh".to_string(), false);
    let execd = |t: i64, n: &str, h: bool| vec![shell.clone(), (t, n.to_string(), h)];
    let only_shell = vec![shell.clone()];
    // exec'd: the last simple command, in tail position
    for src in [
        "prog",
        "prog;",
        "prog # comment",
        "echo a\nprog",
        "if true; then prog; fi",
        "if false; then :; elif true; then prog; fi",
        "if false; then :; else prog; fi",
        "if true\nthen\n  prog\nfi",
        "{ echo a; prog; }",
        "(echo a; prog)",
        "true && prog",
        "false || prog",
        "false && echo no || prog",
        "case x in x) prog ;; esac",
        "command prog",
        "A=1 prog",
        "exec prog",
        "exec prog; echo never",
        "trap '' TERM; prog",
        "trap - EXIT; prog",
    ] {
        assert_eq!(pid1_of(src), execd(0, "prog", true), "{src:?}");
    }
    assert_eq!(pid1_of("echo a; sleep 2; prog"), execd(2000, "prog", true));
    assert_eq!(pid1_of("sleep 1\nsleep 2\nprog"), execd(3000, "prog", true));
    assert_eq!(pid1_of("deaf"), execd(0, "deaf", false));
    assert_eq!(pid1_of("/app/run.sh"), execd(0, "/app/run.sh", false));
    // applets ignore SIGTERM as PID 1; `timeout` and `env` exec their command
    assert_eq!(pid1_of("sleep 30"), execd(0, "sleep", false));
    assert_eq!(pid1_of("echo a; nc -z db 5432"), execd(0, "nc", false));
    assert_eq!(
        pid1_of("timeout 30 prog"),
        vec![
            shell.clone(),
            (0, "timeout".into(), false),
            (0, "prog".into(), true)
        ]
    );
    assert_eq!(
        pid1_of("timeout 2 sleep 10"),
        vec![
            shell.clone(),
            (0, "timeout".into(), false),
            (0, "sleep".into(), false)
        ]
    );
    assert_eq!(
        pid1_of("env A=1 deaf"),
        vec![
            shell.clone(),
            (0, "env".into(), false),
            (0, "deaf".into(), false)
        ]
    );
    assert_eq!(
        pid1_of("sleep 1; exec timeout 5 prog"),
        vec![
            shell.clone(),
            (1000, "timeout".into(), false),
            (1000, "prog".into(), true)
        ]
    );
    // `exec` anywhere in the shell's own process
    assert_eq!(
        pid1_of("sleep 1; exec deaf; echo no"),
        execd(1000, "deaf", false)
    );
    // not exec'd: the shell forks and stays PID 1
    for src in [
        "prog; echo done",
        "prog\n",
        "echo a\nprog\n\n",
        "prog # comment\n",
        "while true; do prog; done",
        "until false; do prog; done",
        "for i in 1 2; do prog; done",
        "echo x | prog",
        "prog | cat",
        "! prog",
        "prog &",
        "prog && echo ok",
        "{ prog; } >/tmp/log",
        "if true; then prog; fi 2>&1",
        "f() { prog; }; f",
        "x=$(prog)",
        "echo $(exec prog)",
        "(exec prog); echo x",
        "trap 'echo bye' EXIT; prog",
        "trap 'echo int' INT; prog",
        "sh -c prog",
        "eval prog",
        "echo done",
        "true",
        "nosuch",
    ] {
        let got = pid1_of(src);
        let expect = if src == "sh -c prog" {
            execd(0, "sh", false)
        } else {
            only_shell.clone()
        };
        assert_eq!(got, expect, "{src:?}");
    }
    // the shell's name as started
    let c = Config {
        arg0: "/bin/sh".into(),
        ..cfg()
    };
    let r = run_in("sleep 5", &mut Fake::new(), &c, 7, 60_000);
    assert_eq!(pid1(&r), vec![(7, "/bin/sh", false), (7, "sleep", false)]);
    let c = Config {
        arg0: "job".into(),
        named: true,
        ..cfg()
    };
    let r = run_in("echo a", &mut Fake::new(), &c, 0, 60_000);
    assert_eq!(pid1(&r), vec![(0, "sh", false)]);
}

#[test]
fn term_trap_makes_the_shell_handle_sigterm() {
    let r = sh("sleep 2; trap 'echo bye' TERM; sleep 5; echo done");
    assert_eq!(pid1(&r), vec![(0, "sh", false), (2000, "sh", true)]);
    assert!(r.notes.iter().any(|n| n.contains("never run")));
    for src in [
        "trap 'x' SIGTERM; sleep 1",
        "trap 'x' 15; sleep 1",
        "trap -- 'x' term; sleep 1",
        "trap 'x' INT TERM; sleep 1",
        "f() { trap 'x' TERM; }; f; sleep 1",
        // the trap forks the last command: the shell stays PID 1
        "trap 'x' TERM; sleep 1",
        "trap 'x' TERM; (sleep 1)",
    ] {
        let r = sh(src);
        assert_eq!(pid1(&r), vec![(0, "sh", false), (0, "sh", true)], "{src:?}");
    }
    // reset or ignored: no handler again
    let r = sh("trap 'x' TERM; sleep 2; trap - TERM; sleep 1; trap '' TERM; sleep 1");
    assert_eq!(
        pid1(&r),
        vec![(0, "sh", false), (0, "sh", true), (2000, "sh", false)]
    );
    let r = sh("trap 'x' TERM; trap 'y' TERM; sleep 1");
    assert_eq!(pid1(&r), vec![(0, "sh", false), (0, "sh", true)]);
    // traps of subshells are not PID 1's
    for src in [
        "(trap 'x' TERM; sleep 1); echo a",
        "echo $(trap 'x' TERM); sleep 1; echo a",
        "trap 'x' TERM | cat; sleep 1; echo a",
    ] {
        let r = sh(src);
        assert_eq!(pid1(&r), vec![(0, "sh", false)], "{src:?}");
    }
    // nor do they stop the last command's exec
    let r = sh("echo $(trap 'x' EXIT); sleep 1");
    assert_eq!(pid1(&r), vec![(0, "sh", false), (0, "sleep", false)]);
    // exec replaces the trapping shell
    let mut w = Fake::new().program("prog", vec![prog(None, 0, &[])]);
    let r = run_in(
        "trap 'x' TERM; sleep 1; exec prog",
        &mut w,
        &cfg(),
        0,
        60_000,
    );
    assert_eq!(
        pid1(&r),
        vec![(0, "sh", false), (0, "sh", true), (1000, "prog", true)]
    );
}

#[test]
fn network_checks() {
    let mut w = Fake::new()
        .service("postgresql", 5432, 45_000)
        .service("api", 80, 0);
    let r = run_in(
        "nc -z postgresql 5432; echo $?; nc -zv api 80; echo $?; wget -q -O- http://api/health; echo $?; curl -sf http://api; echo $?",
        &mut w,
        &cfg(),
        0,
        100_000,
    );
    assert_eq!(text(&r), "1\n!api (api:80) open\n0\n0\n0\n");
    assert_eq!(ended_at(&r), 40);
    let mut w = Fake::new();
    let r = run_in(
        "wget -q -O- http://api.default.svc.cluster.local/health; curl http://db:5432/; echo $?; curl -s http://db; echo $?",
        &mut w,
        &cfg(),
        0,
        100_000,
    );
    assert_eq!(
        text(&r),
        "!wget: can't connect to remote host (api.default.svc.cluster.local): Connection refused\n!curl: (7) Failed to connect to db port 5432 after 10 ms: Couldn't connect to server\n7\n7\n"
    );
    assert_eq!(
        w.reach_log[0],
        ("api.default.svc.cluster.local".into(), 80, 0)
    );
    let mut w = Fake::new().service("postgresql", 5432, 0);
    let r = run_in(
        "pg_isready -h postgresql -p 5432; pg_isready -h other",
        &mut w,
        &cfg(),
        0,
        100_000,
    );
    assert_eq!(
        text(&r),
        "postgresql:5432 - accepting connections\nother:5432 - no response\n"
    );
    assert_eq!(code(&r), 2);
}

// ------------------------------------------------------ chapter scripts

const DB: &str = "postgresql.default.svc.cluster.local";

#[test]
fn chapter_exit_code_examples() {
    check(
        "#!/bin/bash\necho \"Tout va bien\"\nexit 0\n",
        "Tout va bien\n",
        0,
    );
    check(
        "#!/bin/bash\necho \"Erreur détectée\"\nexit 1\n",
        "Erreur détectée\n",
        1,
    );
    check(
        "#!/bin/bash\nls /fichier-inexistant  # Retourne 1 si le fichier n'existe pas\n# Le script retourne automatiquement 1\n",
        "!ls: /fichier-inexistant: No such file or directory\n",
        1,
    );
    check(
        "echo \"Test en cours...\"\n# Simuler une erreur\nexit 1\n",
        "Test en cours...\n",
        1,
    );
    check("exit 1", "", 1);
    check(
        "echo \"Code de sortie 10 : Vérifier la connexion à la base de données\"\nexit 10\n",
        "Code de sortie 10 : Vérifier la connexion à la base de données\n",
        10,
    );
}

const DB_CHECKER: &str = r#"echo "Tentative de connexion à la base de données..."

# Tentative de connexion
if pg_isready -h postgresql.default.svc.cluster.local -p 5432; then
  echo "✅ Connexion réussie"
  exit 0
else
  echo "❌ Connexion échouée, nouvelle tentative..."
  exit 1
fi
"#;

#[test]
fn chapter_db_checker() {
    let mut w = Fake::new().service(DB, 5432, 45_000);
    let r = run_in(DB_CHECKER, &mut w, &cfg(), 1_000, 600_000);
    assert_eq!(
        text(&r),
        "Tentative de connexion à la base de données...\npostgresql.default.svc.cluster.local:5432 - no response\n❌ Connexion échouée, nouvelle tentative...\n"
    );
    assert_eq!(
        r.end,
        End::Exited {
            code: 1,
            at_ms: 1_010
        }
    );
    let r = run_in(DB_CHECKER, &mut w, &cfg(), 50_000, 600_000);
    assert_eq!(
        text(&r),
        "Tentative de connexion à la base de données...\npostgresql.default.svc.cluster.local:5432 - accepting connections\n✅ Connexion réussie\n"
    );
    assert_eq!(code(&r), 0);
}

#[test]
fn chapter_backoff_example() {
    let src = "echo \"Exécution à $(date)\"\necho \"Cette tentative va échouer\"\nexit 1\n";
    let r = run_in(src, &mut Fake::new(), &cfg(), 10_000, 600_000);
    assert_eq!(
        text(&r),
        "Exécution à Mon Mar  2 01:58:10 UTC 2026\nCette tentative va échouer\n"
    );
    assert_eq!(code(&r), 1);
}

const ROBUST: &str = r#"# Arrêter en cas d'erreur
set -e

# Afficher les commandes exécutées (utile pour le débogage)
set -x

# Traiter les variables non définies comme des erreurs
set -u

echo "Début du traitement..."

# Vérification préalable
if [ ! -f /data/fichier.txt ]; then
  echo "❌ Erreur : fichier manquant"
  exit 1
fi

# Traitement avec vérification
if process-data.sh; then
  echo "✅ Traitement réussi"
else
  echo "❌ Échec du traitement"
  exit 1
fi

echo "Job terminé avec succès"
exit 0
"#;

#[test]
fn chapter_robust_script() {
    let r = run_in(ROBUST, &mut Fake::new(), &cfg(), 0, 600_000);
    assert_eq!(
        text(&r),
        "!+ set -u\n!+ echo 'Début du traitement...'\nDébut du traitement...\n!+ '[' '!' -f /data/fichier.txt ]\n!+ echo '❌ Erreur : fichier manquant'\n❌ Erreur : fichier manquant\n!+ exit 1\n"
    );
    assert_eq!(code(&r), 1);
    let mut w = Fake::new().file("/data/fichier.txt", "x", false).program(
        "process-data.sh",
        vec![prog(Some(20_000), 0, &["Processing batch 1", "done"])],
    );
    let r = run_in(ROBUST, &mut w, &cfg(), 0, 600_000);
    assert!(text(&r).ends_with(
        "!+ process-data.sh\nProcessing batch 1\ndone\n!+ echo '✅ Traitement réussi'\n✅ Traitement réussi\n!+ echo 'Job terminé avec succès'\nJob terminé avec succès\n!+ exit 0\n"
    ));
    assert_eq!(
        r.end,
        End::Exited {
            code: 0,
            at_ms: 20_000
        }
    );
    let mut w = Fake::new()
        .file("/data/fichier.txt", "x", false)
        .program("process-data.sh", vec![prog(Some(3_000), 2, &["boom"])]);
    let r = run_in(ROBUST, &mut w, &cfg(), 0, 600_000);
    assert!(
        text(&r).ends_with("!+ echo '❌ Échec du traitement'\n❌ Échec du traitement\n!+ exit 1\n")
    );
    assert_eq!(code(&r), 1);
}

const CODES: &str = r#"# Codes de sortie personnalisés
EXIT_SUCCESS=0
EXIT_DB_ERROR=10
EXIT_API_ERROR=11
EXIT_FILE_ERROR=12
EXIT_UNKNOWN_ERROR=99

echo "Vérification de la base de données..."
if ! check_database; then
  echo "❌ Erreur de base de données"
  exit $EXIT_DB_ERROR
fi

echo "Vérification de l'API..."
if ! check_api; then
  echo "❌ Erreur d'API"
  exit $EXIT_API_ERROR
fi

echo "✅ Tout est OK"
exit $EXIT_SUCCESS
"#;

#[test]
fn chapter_custom_exit_codes() {
    // check_database is defined nowhere: busybox says so and the check fails
    let r = run_in(CODES, &mut Fake::new(), &cfg(), 0, 600_000);
    assert_eq!(
        text(&r),
        "Vérification de la base de données...\n!sh: check_database: not found\n❌ Erreur de base de données\n"
    );
    assert_eq!(code(&r), 10);
    let mut w = Fake::new()
        .program("check_database", vec![prog(Some(100), 0, &[])])
        .program("check_api", vec![prog(Some(100), 1, &[])]);
    let r = run_in(CODES, &mut w, &cfg(), 0, 600_000);
    assert_eq!(code(&r), 11);
    let mut w = Fake::new()
        .program("check_database", vec![prog(Some(100), 0, &[])])
        .program("check_api", vec![prog(Some(100), 0, &[])]);
    let r = run_in(CODES, &mut w, &cfg(), 0, 600_000);
    assert!(text(&r).ends_with("✅ Tout est OK\n"));
    assert_eq!(
        r.end,
        End::Exited {
            code: 0,
            at_ms: 200
        }
    );
}

const WAIT_FOR_DB: &str = r#"until nc -z postgresql 5432; do
  echo "En attente de la base de données..."
  sleep 2
done
"#;

#[test]
fn chapter_wait_for_db_init_container() {
    let mut w = Fake::new().service(DB, 5432, 45_000);
    let r = run_in(WAIT_FOR_DB, &mut w, &cfg(), 0, 600_000);
    // each try: 10 ms of nc, then 2 s of sleep
    assert_eq!(r.output.len(), 23);
    assert!(r
        .output
        .iter()
        .all(|l| l.text == "En attente de la base de données..." && !l.stderr));
    assert_eq!(r.output[1].at_ms, 2_020);
    assert_eq!(
        r.end,
        End::Exited {
            code: 0,
            at_ms: 46_240
        }
    );
    // never up: runs until the horizon
    let r = run_in(WAIT_FOR_DB, &mut Fake::new(), &cfg(), 0, 60_000);
    assert_eq!(r.end, End::Unfinished);
}

const CHECK_DEPENDENCIES: &str = r#"echo "Vérification des dépendances..."

# Attendre que la base de données soit prête
until nc -z postgresql.default.svc.cluster.local 5432; do
  echo "⏳ En attente de PostgreSQL..."
  sleep 2
done
echo "✅ PostgreSQL est prêt"

# Attendre que l'API soit prête
until wget -q -O- http://api.default.svc.cluster.local/health; do
  echo "⏳ En attente de l'API..."
  sleep 2
done
echo "✅ API est prête"

echo "✅ Toutes les dépendances sont prêtes"
"#;

#[test]
fn chapter_init_container_dependencies() {
    let mut w = Fake::new()
        .service(DB, 5432, 45_000)
        .service("api", 80, 50_000);
    let r = run_in(CHECK_DEPENDENCIES, &mut w, &cfg(), 0, 600_000);
    let t = text(&r);
    assert!(t.starts_with("Vérification des dépendances...\n⏳ En attente de PostgreSQL...\n"));
    assert!(t.contains("✅ PostgreSQL est prêt\n!wget: can't connect to remote host (api.default.svc.cluster.local): Connection refused\n⏳ En attente de l'API...\n"));
    assert!(t.ends_with("✅ API est prête\n✅ Toutes les dépendances sont prêtes\n"));
    // db ready at 46 240; api tries at 46 240, 48 250, 50 260 (up)
    assert_eq!(
        r.end,
        End::Exited {
            code: 0,
            at_ms: 50_270
        }
    );
}

#[test]
fn chapter_liveness_probe() {
    let c = Config {
        processes: vec!["long-process.sh".into()],
        ..cfg()
    };
    let r = run_in(
        "ps aux | grep -v grep | grep long-process",
        &mut Fake::new(),
        &c,
        0,
        1_000,
    );
    assert_eq!(code(&r), 0);
    let c = Config {
        processes: vec!["other".into()],
        ..cfg()
    };
    let r = run_in(
        "ps aux | grep -v grep | grep long-process",
        &mut Fake::new(),
        &c,
        0,
        1_000,
    );
    assert_eq!(code(&r), 1);
    assert_eq!(text(&r), "");
}

const MONITOR: &str = r#"while true; do
  if [ -f /var/log/error.log ]; then
    echo "⚠️  Erreurs détectées dans /var/log/error.log"
    tail -n 10 /var/log/error.log
  fi
  sleep 10
done
"#;

#[test]
fn chapter_monitor_sidecar() {
    let r = run_in(MONITOR, &mut Fake::new(), &cfg(), 0, 35_000);
    assert_eq!(r.end, End::Unfinished);
    assert!(r.output.is_empty());
    let mut w = Fake::new().file("/var/log/error.log", "ERROR disk full\n", false);
    let r = run_in(MONITOR, &mut w, &cfg(), 0, 25_000);
    assert_eq!(r.end, End::Unfinished);
    let got: Vec<(i64, &str)> = r
        .output
        .iter()
        .map(|l| (l.at_ms, l.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, "⚠️  Erreurs détectées dans /var/log/error.log"),
            (0, "ERROR disk full"),
            (10_000, "⚠️  Erreurs détectées dans /var/log/error.log"),
            (10_000, "ERROR disk full"),
            (20_000, "⚠️  Erreurs détectées dans /var/log/error.log"),
            (20_000, "ERROR disk full"),
        ]
    );
}

#[test]
fn chapter_good_practices() {
    // 1. always return an appropriate code
    check(
        "if script.sh; then\n  exit 0\nelse\n  exit 1\nfi\n",
        "!sh: script.sh: not found\n",
        1,
    );
    // 2. detailed logs
    let src = "set -x  # Afficher les commandes\necho \"===================================\"\necho \"Début du job : $(date)\"\necho \"===================================\"\n\n# Votre code avec logs\n\necho \"===================================\"\necho \"Fin du job : $(date)\"\necho \"===================================\"\n";
    let r = sh(src);
    assert_eq!(
        text(&r).lines().take(5).collect::<Vec<_>>(),
        vec![
            "!+ echo '==================================='",
            "===================================",
            "!+ date",
            "!+ echo 'Début du job : Mon Mar  2 01:58:00 UTC 2026'",
            "Début du job : Mon Mar  2 01:58:00 UTC 2026",
        ]
    );
    assert_eq!(code(&r), 0);
    // 4. idempotence
    check(
        "echo \"data\" >> file.txt; echo \"data\" >> file.txt; cat file.txt",
        "data\ndata\n",
        0,
    );
    check(
        "echo \"data\" > file.txt\nif [ ! -f file.txt ] || [ \"$(cat file.txt)\" != \"data\" ]; then\n  echo \"data\" > file.txt\n  echo rewritten\nfi\necho ok\n",
        "ok\n",
        0,
    );
}

const PREREQUISITES: &str = r#"#!/bin/bash
set -e

# Vérifications préalables
echo "Vérification des prérequis..."

# Vérifier les variables d'environnement
if [ -z "$DATABASE_URL" ]; then
  echo "❌ Erreur : DATABASE_URL non défini"
  exit 1
fi

# Vérifier les fichiers nécessaires
if [ ! -f /config/app.conf ]; then
  echo "❌ Erreur : Configuration manquante"
  exit 1
fi

# Vérifier la connectivité
if ! nc -z database 5432; then
  echo "❌ Erreur : Base de données inaccessible"
  exit 1
fi

echo "✅ Tous les prérequis sont OK"

# Exécuter la tâche
process-data.sh
"#;

#[test]
fn chapter_prerequisites() {
    let r = run_in(PREREQUISITES, &mut Fake::new(), &cfg(), 0, 600_000);
    assert_eq!(
        text(&r),
        "Vérification des prérequis...\n❌ Erreur : DATABASE_URL non défini\n"
    );
    assert_eq!(code(&r), 1);
    let mut c = cfg();
    c.env.push(("DATABASE_URL".into(), "postgres://db".into()));
    let r = run_in(PREREQUISITES, &mut Fake::new(), &c, 0, 600_000);
    assert!(text(&r).ends_with("❌ Erreur : Configuration manquante\n"));
    let mut w = Fake::new().file("/config/app.conf", "", false);
    let r = run_in(PREREQUISITES, &mut w, &c, 0, 600_000);
    assert!(text(&r).ends_with("❌ Erreur : Base de données inaccessible\n"));
    let mut w = Fake::new()
        .file("/config/app.conf", "", false)
        .service("database", 5432, 0)
        .program("process-data.sh", vec![prog(Some(20_000), 3, &["failed"])]);
    let r = run_in(PREREQUISITES, &mut w, &c, 0, 600_000);
    assert!(text(&r).ends_with("✅ Tous les prérequis sont OK\nfailed\n"));
    assert_eq!(
        r.end,
        End::Exited {
            code: 3,
            at_ms: 20_010
        }
    );
}

#[test]
fn more_messages_and_commands() {
    check("shift x", "!sh: shift: line 1: Illegal number: x\n", 2);
    check(
        "while :; do break 0; done",
        "!sh: break: line 1: Illegal number: 0\n",
        2,
    );
    check(
        "f() { return abc; }; f",
        "!sh: return: line 1: Illegal number: abc\n",
        2,
    );
    check("exec echo hi; echo never", "hi\n", 0);
    check(
        "f() { :; }; timeout 1 f",
        "!timeout: can't execute 'f': No such file or directory\n",
        127,
    );
    check("env | grep HOSTNAME", "HOSTNAME=job-abc12\n", 0);
    check("X=1 env | grep '^X='", "X=1\n", 0);
    check(
        "command -V cd; type nosuch",
        "cd is a shell builtin\nnosuch: not found\n",
        127,
    );
    check(
        "tail -n 1 /nope",
        "!tail: can't open '/nope': No such file or directory\n",
        1,
    );
    check(
        "wc -l /nope",
        "!wc: can't open '/nope': No such file or directory\n",
        1,
    );
    check("(set -e; false; echo no); echo $?", "1\n", 0);
    check("x=$(exit 4); echo $?", "4\n", 0);
    check("echo a | grep -q a && echo found", "found\n", 0);
    check(
        "nc -z; echo $?",
        "!Usage: nc [OPTIONS] HOST PORT  - connect\n1\n",
        0,
    );
    let r = sh("for f in /data/*.csv; do echo $f; done");
    assert_eq!(text(&r), "/data/*.csv\n");
    assert!(r.notes.iter().any(|n| n.contains("*.csv")));
    let c = Config {
        arg0: "job".into(),
        named: true,
        ..cfg()
    };
    let r = run_in("echo ok\nfi", &mut Fake::new(), &c, 0, 1000);
    assert_eq!(
        text(&r),
        "ok\n!job: line 2: syntax error: unexpected \"fi\"\n"
    );
    let mut c = cfg();
    c.env.push(("JOB_COMPLETION_INDEX".into(), "2".into()));
    let r = run_in(
        "echo \"index $JOB_COMPLETION_INDEX\"",
        &mut Fake::new(),
        &c,
        0,
        1000,
    );
    assert_eq!(text(&r), "index 2\n");
    let c = Config {
        args: vec!["first".into()],
        ..cfg()
    };
    let r = run_in("echo $1 $#", &mut Fake::new(), &c, 0, 1000);
    assert_eq!(text(&r), "first 1\n");
}

#[test]
fn pipes_keep_line_times() {
    let mut w = Fake::new().program("prog", vec![prog(Some(3_000), 0, &["a", "b", "c"])]);
    let r = run_in("prog | grep b; echo after", &mut w, &cfg(), 0, 60_000);
    let got: Vec<(i64, &str)> = r
        .output
        .iter()
        .map(|l| (l.at_ms, l.text.as_str()))
        .collect();
    assert_eq!(got, vec![(2_000, "b"), (3_000, "after")]);
    let mut w = Fake::new().program("prog", vec![prog(Some(3_000), 0, &["a", "b", "c"])]);
    let r = run_in(
        "prog | while read l; do echo \"got $l\"; done",
        &mut w,
        &cfg(),
        0,
        60_000,
    );
    let got: Vec<i64> = r.output.iter().map(|l| l.at_ms).collect();
    assert_eq!(got, vec![1_000, 2_000, 3_000]);
    let mut w = Fake::new().program("prog", vec![prog(None, 0, &["a", "b", "c"])]);
    let r = run_in("prog | tail -n 1", &mut w, &cfg(), 0, 60_000);
    assert_eq!(r.end, End::Unfinished);
}

#[test]
fn output_times_spread_evenly() {
    assert_eq!(output_times(1000, Some(20_000), 2), vec![11_000, 21_000]);
    assert_eq!(output_times(0, None, 3), vec![1000, 2000, 3000]);
    assert!(output_times(0, Some(5), 0).is_empty());
}

// ------------------------------------------------------------------ fuzz

/// Knuth's MMIX LCG.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() as usize) % v.len()]
    }
}

const PIECES: &[&str] = &[
    "echo",
    "a",
    "$x",
    "${x:-d}",
    "${#x}",
    "$(",
    ")",
    "`",
    "'",
    "\"",
    "if",
    "then",
    "else",
    "fi",
    "while",
    "until",
    "do",
    "done",
    "for",
    "in",
    "case",
    "esac",
    ";;",
    "(",
    "{",
    "}",
    ";",
    "&&",
    "||",
    "|",
    "!",
    "&",
    "\n",
    ">",
    ">>",
    "2>&1",
    "<",
    "<<EOF\nx\nEOF\n",
    "$((",
    "))",
    "1+2",
    "x=1",
    "x=$x$x",
    "f()",
    "f",
    "return",
    "break",
    "continue 2",
    "exit",
    "set -e",
    "set -u",
    "set -x",
    "sleep 1",
    "sleep 0.01",
    "nc -z db 5432",
    "grep a",
    "wc -l",
    "head -n 1",
    "cat",
    "true",
    "false",
    "[",
    "]",
    "-eq",
    "-f",
    "/tmp/x",
    "local",
    "shift",
    "eval",
    "trap 'echo t' EXIT",
    "timeout 1",
    "prog",
    "ps",
    "date",
    "read v",
    "printf '%s'",
    "*",
    "?",
    "\\",
    "$@",
    "$1",
    "#",
    "${",
    "${x/a/b}",
    "${x#*}",
    "$?",
    "~",
    "exec",
    ".",
    "unset x",
];

#[test]
fn fuzz_no_panic_and_bounded() {
    let mut rng = Lcg(0x005e_ed83);
    let mut seeds: Vec<String> = vec![
        DB_CHECKER.into(),
        ROBUST.into(),
        CODES.into(),
        WAIT_FOR_DB.into(),
        CHECK_DEPENDENCIES.into(),
        MONITOR.into(),
        PREREQUISITES.into(),
    ];
    for _ in 0..40 {
        let n = 1 + rng.next() % 25;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(rng.pick(PIECES));
            s.push(if rng.next().is_multiple_of(4) {
                '\n'
            } else {
                ' '
            });
        }
        seeds.push(s);
    }
    let c = Config {
        max_steps: 500,
        memory_limit: Some(1000),
        ..cfg()
    };
    let mut cases = 0;
    for round in 0..1500i32 {
        let base = seeds[(rng.next() as usize) % seeds.len()].clone();
        let mut chars: Vec<char> = base.chars().collect();
        let edits = rng.next() % 6;
        for _ in 0..edits {
            let pos = if chars.is_empty() {
                0
            } else {
                (rng.next() as usize) % (chars.len() + 1)
            };
            match rng.next() % 4 {
                0 if pos < chars.len() => {
                    chars.remove(pos);
                }
                1 if pos < chars.len() => {
                    let p = rng.pick(PIECES);
                    chars[pos] = p.chars().next().unwrap_or(' ');
                }
                _ => {
                    for (k, ch) in rng.pick(PIECES).chars().enumerate() {
                        chars.insert(pos + k, ch);
                    }
                }
            }
        }
        let src: String = chars.into_iter().collect();
        let _ = parse(&src);
        let mut w = Fake::new()
            .service("db", 5432, 3_000)
            .file("/tmp/x", "a\nb\n", true)
            .program(
                "prog",
                vec![ProgramRun {
                    runs_ms: if round % 3 == 0 { None } else { Some(500) },
                    exit: round % 7,
                    memory_bytes: Some((round % 5) as u64 * 400),
                    output: vec!["p1".into(), "p2".into()],
                    handles_sigterm: round % 2 == 0,
                }],
            );
        let r = run_in(&src, &mut w, &c, 0, 20_000);
        match r.end {
            End::Exited { code, at_ms } => {
                assert!((0..=255).contains(&code));
                assert!((0..=20_000).contains(&at_ms));
            }
            End::OomKilled { at_ms } | End::Runaway { at_ms } => {
                assert!((0..=20_000).contains(&at_ms))
            }
            End::Unfinished => {}
        }
        assert!(r.output.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        assert!(r.output.len() < 200_000);
        cases += 1;
    }
    assert_eq!(cases, 1500);
}

#[test]
fn hostile_inputs_stay_bounded() {
    for src in [
        "(".repeat(100_000),
        "{ ".repeat(10_000),
        "$(".repeat(10_000),
        "echo ${x:-".repeat(5_000),
        "if ".repeat(10_000),
        "echo $((".to_string() + &"(".repeat(10_000) + "1",
        "f() { f | f; }; f".to_string(),
        "f() { eval f; }; f".to_string(),
        "x=`echo \\`echo \\\\\\`echo a\\\\\\`\\``; echo $x".to_string(),
        "printf '%999999999d' 1".to_string(),
        "a=$(printf '%60000s'); a=$a$a$a; echo ${#a}".to_string(),
        "echo ${x/*/${x/*/${x/*/y}}}".to_string(),
        "grep -E '((((((a*)*)*)*)*)*b' /tmp/none".to_string(),
        "seq 1000000000 | wc -l".to_string(),
        "while :; do f() { :; }; done".to_string(),
        "set -- $(seq 5000); for i; do shift; done; echo $#".to_string(),
        "cat <<A <<B\n".to_string(),
        "cat <<A <<B".to_string(),
        "cat <<A; cat <<B\nx\nA\ny\nB\n".to_string(),
        "echo ${x:0:9223372036854775807} ${x:1:-9223372036854775807}".to_string(),
    ] {
        let _ = parse(&src);
        let r = run_in(&src, &mut Fake::new(), &cfg(), 0, 10_000);
        let _ = text(&r);
    }
}

/// The memory guards say when they cut what a script made (its numbers
/// may then be wrong); a pipe carries a megabyte, so `seq 1 20000 | wc -l`
/// counts right.
#[test]
fn memory_guards_say_when_they_cut() {
    let r = sh("seq 1 20000 | wc -l");
    assert_eq!(r.output[0].text.trim(), "20000");
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    for script in [
        "x=$(seq 1 20000); echo ${#x}",
        "x=a; for i in $(seq 1 17); do x=$x$x; done; echo ${#x}",
        "seq 1 1000000 | tail -1",
    ] {
        let r = sh(script);
        assert_eq!(r.notes.len(), 1, "{script}: {:?}", r.notes);
        assert!(r.notes[0].contains("64 KiB"), "{script}: {:?}", r.notes);
    }
}

/// A loop over twenty thousand numbers is a loop, not a runaway.
#[test]
fn a_long_for_list_runs() {
    let cfg = Config {
        max_steps: 100_000,
        ..cfg()
    };
    let r = run_in(
        "n=0; for i in $(seq 1 20000); do n=$((n+1)); done; echo $n",
        &mut Fake::new(),
        &cfg,
        0,
        3_600_000,
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    assert_eq!(r.output[0].text, "20000");
}

#[test]
fn a_script_of_written_out_builtins_plays_the_same_every_run() {
    let same = |t: &str| super::parse_for_run(t).same_every_run();
    for t in [
        "echo tick",
        "echo done; exit 3",
        "true && echo 'a b' \"c d\" e\\f",
        ": ; false || exit 1",
        "echo -n a\necho b\n",
        "echo \"*\" '?' \"~\" a~ e\"cho\"",
    ] {
        assert!(same(t), "{t:?} reads nothing of its container");
    }
    for t in [
        "echo $HOSTNAME",
        "echo \"$1\"",
        "echo `date`",
        "echo $(echo a)",
        "echo tick > /tmp/x",
        "echo *",
        "echo ~",
        "X=1 echo a",
        "echo a | cat",
        "echo a &",
        "date",
        "sleep 1",
        "if true; then echo a; fi",
        "f() { echo a; }; f",
        "echo a; (",
    ] {
        assert!(!same(t), "{t:?} may read its container or the clock");
    }
}
