//! Renders a sample report with every kind of block, to look at the typesetting:
//!
//! ```sh
//! cargo run --release --example typeset_demo -- demo.pdf [--draft]
//! ```

use shuangyong::date::DocDate;
use shuangyong::numfmt::table_figure;
use shuangyong::typeset::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "demo.pdf".to_string());
    let draft = args.any(|a| a == "--draft");
    let date = DocDate::from_unix(1_734_652_800); // 2024-12-20
    let doc = demo(draft, date);
    let fonts = match FontSet::bundled() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    match render(&doc, &fonts) {
        Ok(r) => {
            for m in &r.missing_glyphs {
                eprintln!("缺字：{}（U+{:04X}）在{}", m.ch, m.ch as u32, m.context);
            }
            if let Err(e) = std::fs::write(&out, &r.pdf) {
                eprintln!("无法写入 {out}：{e}");
                std::process::exit(2);
            }
            println!("{out}: {} 页，{} 字节", r.pages, r.pdf.len());
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn p(text: &str) -> Block {
    Block::paragraph(text)
}

fn h(level: u8, text: &str) -> Block {
    Block::Heading { level, text: text.to_string() }
}

fn demo(draft: bool, date: DocDate) -> Document {
    let office = "示例区双拥工作领导小组办公室";
    let mut blocks = vec![
        Block::Title("示例区2024年度双拥工作报告".into()),
        h(1, "一、总体情况"),
        p("2024年，在区委、区政府和驻区部队党委的坚强领导下，示例区双拥工作领导小组各成员单位坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平强军思想，围绕“拥军优属、拥政爱民”主线，扎实推进双拥模范城（县）创建各项工作，军政军民团结不断巩固发展。现将全年工作情况报告如下。"),
        Block::Paragraph(vec![
            Span::plain("全区双拥工作领导小组共有成员单位48个，其中部门24个、街道镇14个、驻区部队10个；截至统计截止日，46个单位报送了年度双拥工作统计表。"),
            Span::bold("全年发放优待抚恤金3,512.6万元，同比增长12.5%；"),
            Span::plain("走访慰问优抚对象和部队2,152次，驻区部队支援地方建设出动兵力11,527人次。依据GB/T 9704-2012《党政机关公文格式》排版，统计口径见附表（表1）。"),
        ]),
        h(2, "（一）组织领导"),
        p("全年召开双拥工作领导小组会议4次、党委议军会议2次、军地联席会议6次，开展党政领导军事日活动3次。各成员单位把双拥工作纳入年度工作计划和目标考核，双拥工作经费1,280万元列入财政预算，做到专款专用。"),
        h(3, "1.健全工作机制"),
        p("坚持“五纳入”要求，把双拥工作纳入经济社会发展总体规划、纳入党委和政府工作重要议事日程、纳入精神文明建设总体规划、纳入领导干部考核内容、纳入财政预算。建立军地需求对接清单（“双清单”）制度，全年梳理军地互办实事项目30项，已完成28项（☑），完成率93.3%。"),
        h(4, "（1）定期会商"),
        p("区双拥办每季度召集一次军地联席会议，通报工作进展，协调解决部队在练兵备战、营区建设、随军家属就业和子女入学等方面的实际困难……会议纪要印发各成员单位——抓好落实。"),
        h(2, "（二）拥军优属"),
    ];
    for k in 0..5 {
        blocks.push(p(&format!(
            "第{}项：全区现有重点优抚对象2,152人，全年发放优待抚恤金3,512.6万元；为386名义务兵家庭发放优待金，为1,715名优抚对象购买补充医疗保险。各街道镇走访慰问“光荣之家”，送立功受奖喜报15份，悬挂牌匾2,500余块。落实军人子女入学入托优待，安置随军家属就业，解决“三后”问题，让军人安心服役（以上数据均为统计数）。",
            k + 1
        )));
    }
    let units = [
        "东湖街道",
        "西城街道",
        "南山街道",
        "北岗街道",
        "中山路街道",
        "滨江镇",
        "青龙镇",
        "白马镇",
        "金桥镇",
        "长安街道",
        "新华街道",
        "和平街道",
        "解放路街道",
        "人民路街道",
    ];
    let rows: Vec<Vec<String>> = (0..42)
        .map(|i| {
            let v = 120.0 + (i * 37 % 91) as f64 * 13.7;
            vec![
                format!("{}", i + 1),
                format!(
                    "{}{}",
                    units[i % units.len()],
                    if i >= units.len() { format!("（第{}批）", i / units.len() + 1) } else { String::new() }
                ),
                table_figure(v.round(), 0),
                table_figure(v * 1.234, 2),
                if i % 7 == 3 {
                    "数据经核实后补报，含跨年度结转资金".to_string()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    blocks.push(h(2, "（三）统计汇总"));
    blocks.push(p("各街道镇走访慰问次数和慰问金额见表1。表中数据由各单位报送，经区双拥办汇总审核。"));
    blocks.push(Block::Table(Table {
        caption: Some("各街道镇走访慰问情况".into()),
        columns: vec![
            Column::new("序号", Align::Center, 0.6),
            Column::new("单位", Align::Left, 2.4),
            Column::new("走访慰问（次）", Align::Right, 1.4),
            Column::new("慰问金（万元）", Align::Right, 1.4),
            Column::new("备注", Align::Left, 2.0),
        ],
        rows,
        total: Some(vec!["".into(), "合计".into(), "12,345".into(), "15,233.5".into(), "".into()]),
        font_size: size::XIAO_SI,
        sources: Vec::new(),
    }));
    blocks.push(Block::Note("注：慰问金含区级财政资金和社会捐助资金；“—”表示未报送。".into()));
    blocks.push(h(1, "二、拥政爱民"));
    blocks.push(p("驻区部队积极支援地方经济社会建设，全年出动兵力11,527人次、机械车辆260台次，参加抢险救灾和应急处突12次；建立军民共建点35个，结对帮扶困难群众420户，帮扶中小学校18所，义诊服务群众3,600人次。出动兵力较多的是某部一营（3,200人次）、某部二营（2,100人次）和区人武部（1,050人次）。"));
    blocks.push(Block::Figure(Figure {
        caption: "各驻区部队出动兵力（人次）".into(), drawing: bar_chart()
    }));
    blocks.push(p("下一步，我们将继续深化双拥模范城（县）创建，健全军地协调机制，落实各项优抚政策，推动社会化拥军走深走实，不断巩固和发展军政军民团结。"));
    blocks.push(Block::Signature { office: office.into(), date_text: date.chinese() });

    Document {
        meta: Meta {
            title: "示例区2024年度双拥工作报告".into(),
            author: office.into(),
            subject: "年度双拥工作报告".into(),
            keywords: vec!["双拥".into(), "年度报告".into(), "2024".into()],
            language: "zh-CN".into(),
            date,
        },
        draft,
        cover: Some(Cover {
            title: "示例区2024年度双拥工作报告".into(),
            subtitle: Some("（供领导小组全体会议审议）".into()),
            office: office.into(),
            date_text: date.chinese(),
            mark: Some("内部资料".into()),
        }),
        toc: true,
        official: None,
        blocks,
        attachments: Vec::new(),
    }
}

/// A small bar chart drawn by hand, as the chart module would emit it.
fn bar_chart() -> Drawing {
    let data = [("一营", 3200.0), ("二营", 2100.0), ("人武部", 1050.0), ("三营", 1800.0), ("医院", 640.0)];
    let (w, h) = (420.0f32, 240.0f32);
    let (left, bottom, top) = (60.0f32, 200.0f32, 20.0f32);
    let max = 3500.0f32;
    let mut items = vec![Shape::Rect {
        x: 0.0,
        y: 0.0,
        w,
        h,
        fill: None,
        stroke: Some(Stroke { color: Rgb::new(200, 200, 200), width: 0.5 }),
    }];
    for k in 0..=7 {
        let v = k as f32 * 500.0;
        let y = bottom - (bottom - top) * v / max;
        items.push(Shape::Line {
            points: vec![(left, y), (w - 20.0, y)],
            stroke: Stroke { color: Rgb::new(220, 220, 220), width: 0.5 },
        });
        items.push(Shape::Text {
            x: left - 6.0,
            y,
            text: table_figure(f64::from(v), 0),
            size_pt: 9.0,
            role: FontRole::Body,
            anchor: Anchor::End,
            baseline: Baseline::Middle,
            rotate_deg: 0.0,
            color: Rgb::BLACK,
        });
    }
    let slot = (w - 20.0 - left) / data.len() as f32;
    for (i, (name, v)) in data.iter().enumerate() {
        let bh = (bottom - top) * *v as f32 / max;
        let x = left + slot * i as f32 + slot * 0.2;
        items.push(Shape::Rect {
            x,
            y: bottom - bh,
            w: slot * 0.6,
            h: bh,
            fill: Some(Rgb::new(190, 30, 45)),
            stroke: None,
        });
        items.push(Shape::Text {
            x: x + slot * 0.3,
            y: bottom + 6.0,
            text: name.to_string(),
            size_pt: 10.0,
            role: FontRole::Body,
            anchor: Anchor::Middle,
            baseline: Baseline::Top,
            rotate_deg: 0.0,
            color: Rgb::BLACK,
        });
        items.push(Shape::Text {
            x: x + slot * 0.3,
            y: bottom - bh - 3.0,
            text: table_figure(*v, 0),
            size_pt: 9.0,
            role: FontRole::Body,
            anchor: Anchor::Middle,
            baseline: Baseline::Bottom,
            rotate_deg: 0.0,
            color: Rgb::BLACK,
        });
    }
    items.push(Shape::Line {
        points: vec![(left, top), (left, bottom), (w - 20.0, bottom)],
        stroke: Stroke { color: Rgb::BLACK, width: 1.0 },
    });
    items.push(Shape::Text {
        x: 16.0,
        y: (top + bottom) / 2.0,
        text: "出动兵力（人次）".into(),
        size_pt: 10.0,
        role: FontRole::Heading1,
        anchor: Anchor::Middle,
        baseline: Baseline::Middle,
        rotate_deg: 90.0,
        color: Rgb::BLACK,
    });
    items.push(Shape::Circle { cx: w - 40.0, cy: 36.0, r: 5.0, fill: Some(Rgb::new(30, 80, 160)), stroke: None });
    Drawing { width_pt: w, height_pt: h, items }
}
