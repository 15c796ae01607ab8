//! The command line in Chinese: clap's help headings, usage line and error messages
//! are English, and office staff read neither. Help goes through clap's own template
//! and headings; errors are rebuilt from the error's kind and context, with suggestions
//! computed here (clap's suggest `--draft` for `--fromat`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::workspace::edit_distance;

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` with Chinese headings, usage lines and help and version flags.
pub fn command(cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    let cmd = chinese(cmd, &name)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号")
                .help_heading("选项"),
        )
        .disable_help_subcommand(true)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    cmd.mut_subcommands(|sub| {
        let path = format!("{name} {}", sub.get_name());
        chinese(sub, &path)
    })
}

fn chinese(cmd: Command, path: &str) -> Command {
    let cmd = cmd.mut_args(|a| {
        let heading = if a.is_positional() { "参数" } else { "选项" };
        let choices = choices(&a);
        let a = a.help_heading(heading).hide_default_value(true).hide_possible_values(true);
        match (choices, a.get_help().map(|h| h.to_string())) {
            (Some(choices), Some(help)) => a.help(format!("{help}。{choices}")),
            _ => a,
        }
    });
    let usage = usage(&cmd, path);
    cmd.help_template(TEMPLATE)
        .override_usage(usage)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"))
}

/// `可选：text（按单位分组的文字清单）、json（…）；默认 text`, in place of clap's English
/// lists of possible values and defaults.
fn choices(a: &Arg) -> Option<String> {
    let values = a.get_possible_values();
    // A flag (`--draft`) takes no value: clap still lists true and false for it.
    if values.is_empty() || !a.get_action().takes_values() {
        return None;
    }
    let listed: Vec<String> = values
        .iter()
        .map(|v| match v.get_help() {
            Some(help) => format!("{}（{help}）", v.get_name()),
            None => v.get_name().to_string(),
        })
        .collect();
    let default = a.get_default_values().first().map(|d| format!("；默认 {}", d.to_string_lossy())).unwrap_or_default();
    Some(format!("可选：{}{default}", listed.join("、")))
}

/// `shuangyong query --sql <SQL> [选项] [工作区]`: required options, then the others as
/// `[选项]`, then the positionals.
fn usage(cmd: &Command, path: &str) -> String {
    let mut parts = vec![path.to_string()];
    let placeholder = |a: &Arg| {
        a.get_value_names().and_then(|n| n.first()).map(|n| n.to_string()).unwrap_or_else(|| a.get_id().to_string())
    };
    for a in cmd.get_arguments().filter(|a| !a.is_positional() && a.is_required_set()) {
        parts.push(format!("--{} <{}>", a.get_long().unwrap_or_default(), placeholder(a)));
    }
    if cmd.get_arguments().any(|a| !a.is_positional() && !a.is_required_set()) || cmd.has_subcommands() {
        parts.push("[选项]".into());
    }
    for a in cmd.get_positionals() {
        let many = if matches!(a.get_action(), ArgAction::Append) { "…" } else { "" };
        parts.push(format!("[{}]{many}", placeholder(a)));
    }
    if cmd.has_subcommands() {
        parts.push("<命令>".into());
    }
    parts.join(" ")
}

/// `help [命令]` as clap would take it, the subcommand having been turned off so that
/// its English description does not show: `[命令] --help`.
pub fn help_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.truncate(2);
        args.push("--help".into());
    }
    args
}

/// Prints a parse error (or the help or version clap answers with) and returns the exit
/// code: 0 for help and version, 2 for a usage error.
pub fn report(e: &clap::Error, cmd: &Command, args: &[OsString]) -> i32 {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.use_stderr() { 2 } else { 0 };
    }
    let sub = args.get(1).and_then(|a| a.to_str()).and_then(|a| cmd.find_subcommand(a));
    let shown = sub.unwrap_or(cmd);
    let path = match sub {
        Some(s) => format!("{} {}", cmd.get_name(), s.get_name()),
        None => cmd.get_name().to_string(),
    };
    let usage = shown.get_overridden_usage().map(|u| u.to_string()).unwrap_or_else(|| path.clone());
    eprintln!("错误：{}\n\n用法：{usage}\n运行 {path} --help 查看全部选项。", message(e, cmd, sub));
    2
}

/// What went wrong, in Chinese, with the argument and a suggestion where one fits.
pub fn message(e: &clap::Error, cmd: &Command, sub: Option<&Command>) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            format!("多余的参数“{arg}”：{}", positionals_wanted(sub.unwrap_or(cmd)))
        }
        ErrorKind::UnknownArgument => format!("无法识别的选项“{arg}”{}", suggest_option(&arg, cmd, sub)),
        ErrorKind::InvalidSubcommand => {
            let value = text(ContextKind::InvalidSubcommand);
            let names: Vec<&str> = cmd.get_subcommands().map(Command::get_name).collect();
            let hint = match closest(&value, names.iter().copied()) {
                Some(n) => format!("，是不是“{n}”？"),
                None => String::new(),
            };
            format!("没有“{value}”这个命令{hint}（可用的命令：{}）", names.join("、"))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("选项 {arg} 后面缺少值"),
        ErrorKind::InvalidValue => {
            let valid = strings(ContextKind::ValidValue);
            let hint = match closest(&value, valid.iter().map(String::as_str)) {
                Some(v) => format!("，是不是“{v}”？"),
                None => String::new(),
            };
            format!("选项 {arg} 的值“{value}”无效{hint}（可选：{}）", valid.join("、"))
        }
        ErrorKind::ValueValidation => {
            // Our own value parsers explain in Chinese; the standard ones in English.
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .filter(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            format!("选项 {arg} 的值“{value}”无效{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的选项：{arg}"),
        ErrorKind::ArgumentConflict => {
            format!("选项 {arg} 不能和 {} 同时使用", text(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("选项 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("选项 {arg} 的值要用等号连在后面，如 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".into(),
        ErrorKind::MissingSubcommand => {
            let names: Vec<&str> = cmd.get_subcommands().map(Command::get_name).collect();
            format!("缺少命令，应为 {} 之一", names.join("、"))
        }
        _ => "命令行参数有误".into(),
    }
}

/// What the command takes instead of an extra positional.
fn positionals_wanted(cmd: &Command) -> String {
    match cmd.get_positionals().next() {
        Some(p) if matches!(p.get_action(), ArgAction::Append) => "文件或文件夹的名称中如有空格，请用引号括起来".into(),
        Some(_) => "只能给一个工作区文件夹；名称中如有空格，请用引号括起来".into(),
        None => "这个命令不接受这样的参数".into(),
    }
}

/// `，是不是 --format？` from the command's own options; else, when other commands
/// have it, whose option it is; else the command's options.
fn suggest_option(typed: &str, cmd: &Command, sub: Option<&Command>) -> String {
    let name = typed.trim_start_matches('-').split('=').next().unwrap_or_default();
    let here = sub.unwrap_or(cmd);
    let longs =
        |c: &Command| -> Vec<String> { c.get_arguments().filter_map(|a| a.get_long()).map(str::to_string).collect() };
    let own = longs(here);
    if let Some(best) = closest(name, own.iter().map(String::as_str)) {
        return format!("，是不是 --{best}？");
    }
    let elsewhere: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| c.get_name() != here.get_name())
        .filter(|c| closest(name, longs(c).iter().map(String::as_str)).is_some())
        .map(Command::get_name)
        .collect();
    let listed: Vec<String> = own.iter().map(|l| format!("--{l}")).collect();
    let options = format!("{} 的选项有：{}", here.get_name(), listed.join("、"));
    match (sub, elsewhere.as_slice()) {
        (Some(s), [_, ..]) => {
            format!("：{} 没有这个选项（{} 命令才有）；{options}", s.get_name(), elsewhere.join("、"))
        }
        _ => format!("；{options}"),
    }
}

/// The candidate nearest to `typed`, when near enough to be what was meant: the start
/// of it (`--font` for `--font-dir`) or it with more words (`--out-dir` for `--out`)
/// first, else a letter or two off.
fn closest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if typed.chars().count() <= 6 { 1 } else { 2 };
    candidates
        .filter_map(|c| {
            let extends = typed.len() >= 3 && c.starts_with(typed);
            let extended = typed.strip_prefix(c).is_some_and(|rest| rest.starts_with('-'));
            let d = edit_distance(typed, c);
            if extends || extended {
                Some((0, c))
            } else {
                (d <= limit).then_some((d, c))
            }
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_far_ones_not() {
        let options = ["year", "out", "draft", "font-dir", "charts", "date"];
        assert_eq!(closest("fromat", options.into_iter()), None);
        assert_eq!(closest("yaer", options.into_iter()), Some("year"));
        assert_eq!(closest("font", options.into_iter()), Some("font-dir"));
        assert_eq!(closest("fromat", ["text", "format"].into_iter()), Some("format"));
        assert_eq!(closest("out-dir", options.into_iter()), Some("out"));
    }

    #[test]
    fn help_subcommand_becomes_the_help_flag() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(help_subcommand(args(&["s", "help", "build"])), args(&["s", "build", "--help"]));
        assert_eq!(help_subcommand(args(&["s", "help"])), args(&["s", "--help"]));
        assert_eq!(help_subcommand(args(&["s", "check", "help"])), args(&["s", "check", "help"]));
    }
}
