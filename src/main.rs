fn main() {
    std::process::exit(shuangyong::cli::main());
}
