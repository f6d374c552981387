//! How to run maintenance every night: a systemd timer, a cron line and
//! the Windows Task Scheduler command, for this installation's paths.

use std::path::{Path, PathBuf};

/// What the schedule runs.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The `statetrace` executable.
    pub exe: PathBuf,
    /// The working folder (where `Data` and `Logs` are, unless absolute).
    pub workdir: PathBuf,
    /// The data root.
    pub data: PathBuf,
    /// The logs root.
    pub logs: PathBuf,
    /// Hour of the night (local time).
    pub hour: u8,
    /// Minute.
    pub minute: u8,
}

/// Reads `HH:MM`.
pub fn parse_at(s: &str) -> Result<(u8, u8), String> {
    let (h, m) = s
        .trim()
        .split_once(':')
        .ok_or_else(|| format!("{s:?} is not a time of day (HH:MM)"))?;
    let digits = |t: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(format!("{s:?} is not a time of day (HH:MM)"));
    }
    match (h.parse::<u8>(), m.parse::<u8>()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 => Ok((h, m)),
        _ => Err(format!("{s:?} is not a time of day (HH:MM)")),
    }
}

/// Quotes a path for a POSIX shell when it needs it.
fn sh(p: &Path) -> String {
    let s = p.display().to_string();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@%".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Quotes a path for systemd's ExecStart (C-style double quotes).
fn systemd(p: &Path) -> String {
    let s = p.display().to_string();
    if !s.is_empty() && !s.contains([' ', '"', '\\', '\'', '%', '$']) {
        s
    } else {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('%', "%%")
                .replace('$', "$$")
        )
    }
}

impl Schedule {
    /// The maintenance command line (arguments after the executable).
    fn args(&self, quote: impl Fn(&Path) -> String) -> String {
        format!(
            "maintain --data {} --logs {}",
            quote(&self.data),
            quote(&self.logs)
        )
    }

    /// The systemd service and timer units.
    pub fn systemd(&self) -> String {
        format!(
            "# /etc/systemd/system/statetrace-maintain.service
[Unit]
Description=StateTrace nightly database maintenance

[Service]
Type=oneshot
WorkingDirectory={wd}
ExecStart={exe} {args}
# Runs beside ingest without blocking it; keep it from starving it too.
Nice=10
IOSchedulingClass=idle

# /etc/systemd/system/statetrace-maintain.timer
[Unit]
Description=Run StateTrace maintenance every night

[Timer]
OnCalendar=*-*-* {h:02}:{m:02}:00
# A night missed while the machine was off runs at the next boot.
Persistent=true
RandomizedDelaySec=5min

[Install]
WantedBy=timers.target

# Enable with: systemctl daemon-reload && systemctl enable --now statetrace-maintain.timer
",
            wd = systemd(&self.workdir),
            exe = systemd(&self.exe),
            args = self.args(systemd),
            h = self.hour,
            m = self.minute,
        )
    }

    /// The crontab line.
    pub fn cron(&self) -> String {
        format!(
            "{m} {h} * * * cd {wd} && {exe} {args} --quiet >> {log} 2>&1\n",
            m = self.minute,
            h = self.hour,
            wd = sh(&self.workdir),
            exe = sh(&self.exe),
            args = self.args(sh),
            log = sh(&self.logs.join("Maintenance").join("cron.log")),
        )
    }

    /// The `schtasks` command that registers a daily task on Windows.
    pub fn windows(&self) -> String {
        // schtasks takes the whole command in /TR; inner quotes are \".
        let q = |p: &Path| format!("\\\"{}\\\"", p.display());
        format!(
            "schtasks /Create /F /TN \"StateTrace\\Nightly maintenance\" /SC DAILY /ST {h:02}:{m:02} /RL LIMITED /TR \"{exe} {args}\"\n",
            h = self.hour,
            m = self.minute,
            exe = q(&self.exe),
            args = self.args(q),
        )
    }

    /// All three, with headings.
    pub fn render(&self) -> String {
        format!(
            "## systemd (Linux): two unit files\n\n{}\n## cron (Linux, macOS): one crontab line (crontab -e)\n\n{}\n## Windows Task Scheduler: run once in an administrator prompt\n\n{}",
            self.systemd(),
            self.cron(),
            self.windows()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule {
            exe: "/opt/statetrace/bin/statetrace".into(),
            workdir: "/srv/state trace".into(),
            data: "/srv/state trace/Data".into(),
            logs: "/srv/state trace/Logs".into(),
            hour: 2,
            minute: 30,
        }
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_at("02:30"), Ok((2, 30)));
        assert_eq!(parse_at("23:59"), Ok((23, 59)));
        assert!(parse_at("24:00").is_err());
        assert!(parse_at("2.30").is_err());
    }

    #[test]
    fn every_form_runs_maintain_nightly_with_the_paths() {
        let s = schedule();
        let systemd = s.systemd();
        assert!(systemd.contains("OnCalendar=*-*-* 02:30:00"), "{systemd}");
        assert!(systemd.contains("Persistent=true"));
        assert!(
            systemd.contains("ExecStart=/opt/statetrace/bin/statetrace maintain --data \"/srv/state trace/Data\" --logs \"/srv/state trace/Logs\""),
            "{systemd}"
        );
        let cron = s.cron();
        assert!(
            cron.starts_with("30 2 * * * cd '/srv/state trace' && /opt/statetrace/bin/statetrace maintain --data '/srv/state trace/Data'"),
            "{cron}"
        );
        let win = s.windows();
        assert!(win.contains("/SC DAILY /ST 02:30"), "{win}");
        assert!(
            win.contains("/TR \"\\\"/opt/statetrace/bin/statetrace\\\" maintain --data \\\"/srv/state trace/Data\\\""),
            "{win}"
        );
        let all = s.render();
        assert!(
            all.contains("## systemd") && all.contains("## cron") && all.contains("## Windows")
        );
    }
}
