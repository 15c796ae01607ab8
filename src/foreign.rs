//! Other code's words in the office's language. The OS (`File exists (os error 17)`),
//! calamine and polars speak English, and their text would otherwise reach a Chinese
//! message as it is. The OS's errors are said here by kind; each engine's stage says its
//! own errors in Chinese and keeps the engine's text, where it adds something, behind
//! [`original`]'s mark.

use std::io::{self, ErrorKind};

/// What went wrong with a file or folder, in Chinese, from the error's kind: the same
/// words whichever call failed. A kind without words of its own keeps the OS's text,
/// marked as such.
pub fn io(e: &io::Error) -> String {
    // Our own errors (files::read_bytes) already speak Chinese: say them as they are.
    if e.get_ref().is_some() && chinese(&e.to_string()) {
        return e.to_string();
    }
    let said = match e.kind() {
        ErrorKind::NotFound => "文件不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "已存在同名的文件或文件夹",
        ErrorKind::NotADirectory => "路径中有一段是文件而不是文件夹",
        ErrorKind::IsADirectory => "是文件夹，应为一个文件",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::ReadOnlyFilesystem => "所在的磁盘只读，不能写入",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘空间不足",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::InvalidFilename => "文件名太长或含有不能用于文件名的字符",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "文件正被其他程序使用",
        ErrorKind::CrossesDevices => "不能跨磁盘移动文件",
        ErrorKind::TooManyLinks => "链接层数过多",
        ErrorKind::InvalidData | ErrorKind::UnexpectedEof => "内容无法读取",
        ErrorKind::WriteZero => "无法写入（磁盘已满或设备不接受写入）",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::Unsupported => "此系统不支持该操作",
        _ => return format!("系统报错{}", original(&e.to_string())),
    };
    said.to_string()
}

/// `（原始信息：…）`: an engine's own text after a Chinese message, for whoever the
/// office asks for help. Control characters are shown as escapes, a long text is cut, and
/// a dump of the engine's internals (`Exists { subquery: Query { … } }`), which tells
/// nobody outside its developers anything, is left out.
pub fn original(text: &str) -> String {
    const MOST: usize = 160;
    let text = text.trim();
    if text.is_empty() || text.matches(" { ").count() >= 2 {
        return String::new();
    }
    let mut shown: String = crate::output::visible(text).chars().take(MOST).collect();
    if shown.chars().count() < text.chars().count() {
        shown.push('…');
    }
    format!("（原始信息：{shown}）")
}

/// Whether `text` says something in Chinese (our own messages do, the engines' do not).
pub fn chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_said_in_chinese_by_kind() {
        let exists = io::Error::from_raw_os_error(17);
        assert_eq!(io(&exists), "已存在同名的文件或文件夹");
        assert_eq!(io(&io::Error::from_raw_os_error(2)), "文件不存在");
        assert_eq!(io(&io::Error::from_raw_os_error(13)), "没有权限");
        assert_eq!(io(&io::Error::from_raw_os_error(36)), "文件名太长或含有不能用于文件名的字符");
        assert_eq!(io(&io::Error::new(ErrorKind::InvalidInput, "不是普通文件")), "不是普通文件");
        let odd = io(&io::Error::other("strange"));
        assert_eq!(odd, "系统报错（原始信息：strange）");
    }

    #[test]
    fn the_original_is_marked_cut_and_never_a_dump() {
        assert_eq!(original("unsupported function 'rank'"), "（原始信息：unsupported function 'rank'）");
        assert_eq!(original("expression Exists { subquery: Query { with: None } }"), "");
        let long = original(&"x".repeat(500));
        assert!(long.ends_with("…）") && long.chars().count() < 200, "{long}");
        assert_eq!(original("a\u{1b}[2Jb"), "（原始信息：a\\u{1b}[2Jb）");
    }
}
