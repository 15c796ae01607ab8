//! The rules every command follows, decided here once after the command is resolved
//! into its [`Job`], as ripgrep decides its own: which data errors stop which command
//! (the gate), and where a command may write (the output guard).

/// The output guard lives with the output folder's resolution (`job`), which needs it.
pub use super::job::guard_output;
use super::job::Job;
use super::Outcome;
use crate::dataset::DataSet;
use crate::diag::{self, Diagnostic};

/// What a command makes of the data set, which decides what its errors do.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Documents an office hands in (`build`, `dossier`), named `what` (报告, 考评材料),
    /// over the job's years: an error in any of them, or a last year without any return,
    /// stops the command (exit 1) unless it makes a `draft`.
    Documents { what: &'static str, draft: bool },
    /// Tables of every year read (`query`, `export`), named `what`: made without the
    /// erroneous values, the errors announced on stderr, exit 1.
    Tables { what: &'static str },
}

/// The gate's verdict.
pub enum Verdict<'d> {
    /// Go on. `errors` are the errors of the years covered (a draft lists them);
    /// `outcome` is the command's when it has done its work.
    Go { errors: Vec<&'d Diagnostic>, outcome: Outcome },
    /// The reasons are printed on stderr: end with [`Outcome::DataErrors`].
    Stop,
}

/// The one gate: the errors of the years `work` covers, what they do to it.
pub fn gate<'d>(job: &Job, data: &'d DataSet, work: Work) -> Verdict<'d> {
    let covered = match work {
        Work::Documents { .. } => job.years.clone(),
        Work::Tables { .. } => i32::MIN..=i32::MAX,
    };
    let by_year = data.errors(covered);
    let errors: Vec<&Diagnostic> = by_year.iter().flat_map(|(_, errors)| errors.iter().copied()).collect();
    match work {
        Work::Documents { what, draft } => {
            if !errors.is_empty() && !draft {
                for (year, errors) in &by_year {
                    // Several years' files share names: each year's under its heading.
                    if job.years.start() != job.years.end() {
                        eprintln!("{year} 年度");
                    }
                    eprint!("{}", diag::render_text(Some(&job.ws), errors.iter().copied()));
                }
                eprintln!(
                    "数据有 {} 处错误，未生成{what}。请按上面的提示改正填报表后重新运行；如需先看草稿，加 --draft。",
                    errors.len()
                );
                return Verdict::Stop;
            }
            if let Some(why) = job.no_returns(data).filter(|_| !draft) {
                eprintln!("{why}，未生成{what}：请把报回的填报表放进该文件夹后重新运行；如需先看草稿，加 --draft。");
                return Verdict::Stop;
            }
            Verdict::Go { errors, outcome: Outcome::Ok }
        }
        Work::Tables { what } => {
            if errors.is_empty() {
                return Verdict::Go { errors, outcome: Outcome::Ok };
            }
            let years: Vec<String> = by_year.iter().map(|(y, _)| y.to_string()).collect();
            eprintln!(
                "注意：数据中有 {} 条错误（{}年度），{what}不含出错的数值；运行 shuangyong check --year 年度 逐条查看",
                errors.len(),
                years.join("、")
            );
            Verdict::Go { errors, outcome: Outcome::DataErrors }
        }
    }
}
