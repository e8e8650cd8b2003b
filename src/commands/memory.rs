//! How much memory a run may still take (Linux), for the memory guard of
//! `check_resources`: the least of the system's `MemAvailable`
//! (`/proc/meminfo`), the room left under the address-space limit
//! (`ulimit -v`, RLIMIT_AS: its soft limit in `/proc/self/limits` minus the
//! process's `VmSize`) and the room left under the memory limit of the
//! process's control group (cgroup v2 `memory.max` − `memory.current`, v1
//! `memory.limit_in_bytes` − `memory.usage_in_bytes`), each read where it
//! exists. On a batch node or in a container, the limit is usually the
//! cgroup's or the shell's, not the machine's free memory.

use std::path::Path;

/// The memory this process may still take, bytes, and what bounds it
/// (`"MemAvailable"`, `"ulimit -v"`, `"cgroup memory limit"`); `None` when
/// nothing could be read (not Linux).
pub fn available() -> Option<(u64, &'static str)> {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let candidates = [
        read("/proc/meminfo").as_deref().and_then(mem_available).map(|b| (b, "MemAvailable")),
        read("/proc/self/limits")
            .as_deref()
            .and_then(address_space_limit)
            .map(|limit| (limit.saturating_sub(read("/proc/self/status").as_deref().and_then(vm_size).unwrap_or(0)), "ulimit -v")),
        read("/proc/self/cgroup").as_deref().and_then(|c| cgroup_room(Path::new("/sys/fs/cgroup"), c)).map(|b| (b, "cgroup memory limit")),
    ];
    candidates.into_iter().flatten().min_by_key(|c| c.0)
}

/// `MemAvailable` of `/proc/meminfo`, bytes.
pub fn mem_available(meminfo: &str) -> Option<u64> {
    kilobytes(meminfo, "MemAvailable:")
}

/// `VmSize` of `/proc/self/status` (address space in use), bytes.
pub fn vm_size(status: &str) -> Option<u64> {
    kilobytes(status, "VmSize:")
}

fn kilobytes(text: &str, key: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

/// The soft limit of "Max address space" in `/proc/self/limits`, bytes;
/// `None` when unlimited.
pub fn address_space_limit(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max address space"))?;
    line["Max address space".len()..].split_whitespace().next()?.parse().ok()
}

/// Room left under the memory limit of the cgroup named in `proc_cgroup`
/// (the text of `/proc/self/cgroup`), with the hierarchy mounted at `root`:
/// v2 (`0::/path`) then v1 (`N:memory:/path`, under `root/memory`). The
/// process's own group is looked for at its path, else at the mount's root
/// (a container sees its own group there). `None` when no limit is set.
pub fn cgroup_room(root: &Path, proc_cgroup: &str) -> Option<u64> {
    let number = |p: &Path| std::fs::read_to_string(p).ok().and_then(|t| t.trim().parse::<u64>().ok());
    let room = |dir: &Path, limit: &str, usage: &str| -> Option<u64> {
        // "max" (v2) does not parse; v1 writes no limit as about 2^63.
        let max = number(&dir.join(limit)).filter(|&m| m < 1 << 60)?;
        Some(max.saturating_sub(number(&dir.join(usage)).unwrap_or(0)))
    };
    let mut best: Option<u64> = None;
    for line in proc_cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let rel = path.trim_start_matches('/');
        let (base, limit, usage) = match controllers {
            "" => (root.to_path_buf(), "memory.max", "memory.current"),
            c if c.split(',').any(|x| x == "memory") => (root.join("memory"), "memory.limit_in_bytes", "memory.usage_in_bytes"),
            _ => continue,
        };
        let own = base.join(rel);
        let dir = if !rel.is_empty() && own.join(limit).exists() { own } else { base };
        if let Some(r) = room(&dir, limit, usage) {
            best = Some(best.map_or(r, |b| b.min(r)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_from_the_kernels_texts() {
        assert_eq!(mem_available("MemTotal: 100 kB\nMemAvailable:    2048 kB\n"), Some(2 * 1024 * 1024));
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max address space         4000000000           unlimited            bytes\n";
        assert_eq!(address_space_limit(limits), Some(4_000_000_000));
        assert_eq!(address_space_limit(&limits.replace("4000000000", "unlimited ")), None);
        assert_eq!(vm_size("Name: x\nVmSize:\t  1000 kB\n"), Some(1_024_000));
    }

    #[test]
    fn cgroup_limits_v2_and_v1() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        // No files: no limit.
        assert_eq!(cgroup_room(r, "0::/\n"), None);
        // v2 at the mount's root: 1,000,000 − 250,000.
        std::fs::write(r.join("memory.max"), "1000000\n").unwrap();
        std::fs::write(r.join("memory.current"), "250000\n").unwrap();
        assert_eq!(cgroup_room(r, "0::/\n"), Some(750_000));
        // The process's own group, when it exists, wins over the root.
        std::fs::create_dir_all(r.join("job/step")).unwrap();
        std::fs::write(r.join("job/step/memory.max"), "600000\n").unwrap();
        std::fs::write(r.join("job/step/memory.current"), "100000\n").unwrap();
        assert_eq!(cgroup_room(r, "0::/job/step\n"), Some(500_000));
        // "max" is no limit.
        std::fs::write(r.join("memory.max"), "max\n").unwrap();
        assert_eq!(cgroup_room(r, "0::/\n"), None);
        // v1: no limit written as 2^63 − 4096, then a limit of 3,000,000 − 1,000,000.
        std::fs::create_dir_all(r.join("memory")).unwrap();
        std::fs::write(r.join("memory/memory.limit_in_bytes"), "9223372036854771712\n").unwrap();
        std::fs::write(r.join("memory/memory.usage_in_bytes"), "1000000\n").unwrap();
        assert_eq!(cgroup_room(r, "4:memory:/a/b\n0::/\n"), None);
        std::fs::write(r.join("memory/memory.limit_in_bytes"), "3000000\n").unwrap();
        assert_eq!(cgroup_room(r, "4:memory:/a/b\n0::/\n"), Some(2_000_000));
    }
}
