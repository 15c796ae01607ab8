use super::{Outcome, WorkspaceArgs};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
}

pub fn run(_args: Args) -> anyhow::Result<Outcome> {
    anyhow::bail!("尚未实现")
}
