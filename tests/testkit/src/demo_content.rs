//! The words and pictures of the scripted season's documents: player bios, community
//! introductions, post bodies, task briefs and item descriptions, in the Chinese and
//! English a real community would write, with pictures from [`crate::pictures`].
//! Documents name a picture by its keccak256 (`0x…`), the hash the API stores it under
//! (`POST /media`; served at `/media/<hash>`).

use alloy::primitives::{B256, keccak256};
use serde_json::{Value, json};

/// A picture: its bytes and the hash documents name it by.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The PNG.
    pub bytes: Vec<u8>,
    /// keccak256 of the bytes.
    pub hash: B256,
}

impl Picture {
    fn new(bytes: Vec<u8>) -> Self {
        let hash = keccak256(&bytes);
        Self { bytes, hash }
    }

    fn reference(&self) -> String {
        format!("{:#x}", self.hash)
    }
}

/// A document and the pictures it names.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The JSON fields.
    pub json: Value,
    /// The pictures (to upload before the document is shown).
    pub pictures: Vec<Picture>,
}

/// A player's profile: a bio and an avatar.
pub fn profile(username: &str) -> Doc {
    let bio = match username {
        "admin" => {
            "平台管理员，负责社区审核与仲裁。Platform admin: reviews communities and settles disputes."
        }
        "alice" => {
            "原神 AR60 老玩家，雷神队主C，社区创建者。Genshin main since 1.0, Raiden team enjoyer."
        }
        "bob" => {
            "王者荣耀战队队长，深渊满星攻略作者。Captain of our Honor of Kings squad; writes Abyss guides."
        }
        "xiaoming" => {
            "每天上线做委托，接代肝任务，效率第一。Daily commissions every day, fast and tidy."
        }
        "xiaohong" => "喜欢写英文攻略，也玩王者。I write guides in English and play mid lane.",
        "lilei" => "欧皇附体的抽卡记录员。I keep a log of every pull — the lucky ones too.",
        "hanmeimei" => {
            "建筑党，收集控，尘歌壶装修爱好者。Builder and collector; I decorate teapots."
        }
        "carol" => "五杀剪辑师，周末直播。I cut penta-kill highlights and stream on weekends.",
        "dave" => "钓鱼成就全收集中。Chasing every fishing achievement.",
        "zhangsan" => "七圣召唤爱好者，参加过三次比赛。TCG regular, three tournaments so far.",
        "lisi" => "材料党，帮朋友刷突破材料。Farms ascension materials for friends.",
        "wangwu" | "wangwu_new" => {
            "换了新手机，账号刚找回。Just recovered my account after a new phone."
        }
        "mallory" => "什么都想试试的玩家。I like to poke at everything.",
        "zhaoliu" => "周末玩家，主玩 Minecraft。Weekend player, mostly Minecraft.",
        "erin" => "新人玩家，请多指教！New here — say hi!",
        _ => "热爱游戏的玩家。A player who loves games.",
    };
    let avatar = Picture::new(crate::pictures::avatar(username));
    Doc {
        json: json!({ "text": bio, "bio": bio, "avatar": avatar.reference() }),
        pictures: vec![avatar],
    }
}

/// A community's introduction, icon and banner.
pub fn community(name: &str) -> Doc {
    let text = if name.contains("原神") {
        "提瓦特冒险家的家：攻略、抽卡记录、组队打本、每日委托互助。发帖请注明版本号，剧透请加标题提示。\n\nHome of Teyvat's adventurers: guides, gacha logs, co-op runs and daily commission help. Tag spoilers in titles."
    } else if name.contains("王者") {
        "王者荣耀战队交流区：排位上分、五杀集锦、英雄出装讨论。每周六晚八点战队赛，欢迎报名。\n\nOur Honor of Kings squad: ranked climbs, highlights and builds. Squad matches every Saturday at 8 pm."
    } else if name.contains("Minecraft") {
        "Minecraft 建筑党：分享存档、红石机械和像素画。每月一次建筑比赛，奖励社区积分。\n\nBuilders' corner: share worlds, redstone machines and pixel art. A monthly build contest pays in points."
    } else {
        "一个新成立的游戏社区，欢迎加入一起玩。A new game community — come and play."
    };
    let icon = Picture::new(crate::pictures::icon(name));
    let banner = Picture::new(crate::pictures::banner(name));
    Doc {
        json: json!({ "text": text, "image": icon.reference(), "banner": banner.reference() }),
        pictures: vec![icon, banner],
    }
}

/// A post's body (with a picture for the guides and highlights).
pub fn post(title: &str) -> Doc {
    let (text, picture) = match title {
        t if t.starts_with("社区公告") => (
            "欢迎来到原神社区！\n\n1. 新人请先在本帖回复自我介绍，管理员会给你发放 100 积分的见面礼。\n2. 攻略帖请写清楚版本号和队伍配置。\n3. 接任务前先看清截止时间，超时未交会自动退款给发布者。\n\n祝大家抽卡必出金！",
            true,
        ),
        t if t.starts_with("深渊12层") => (
            "深渊 12 层满星思路：\n\n上半：雷神国家队（雷神、行秋、香菱、班尼特），开场雷神 E 挂协同，行秋 Q 后香菱 Q，注意留班尼特大招给第二波。\n下半：胡桃双水（胡桃、行秋、夜兰、钟离），钟离开盾后再站桩，血量压到半血以下再开 E。\n\n练度参考：主 C 暴击 70 / 爆伤 180 以上基本稳三星。",
            true,
        ),
        t if t.starts_with("Spiral Abyss") => (
            "Floor 12, nine stars without whales:\n\n- First half: Raiden national (Raiden, Xingqiu, Xiangling, Bennett). Raiden E first, then Xingqiu and Xiangling bursts; keep Bennett's burst for wave two.\n- Second half: Hu Tao double hydro with Zhongli's shield.\n\nAim for 70% crit rate and 180% crit damage on your carry.",
            true,
        ),
        t if t.starts_with("抽卡记录") => (
            "这期 80 抽出了雷神，小保底没歪！之前 3 期都歪了七七，终于回本。\n\nMy log: Raiden at pity 80 on the 50/50. After three Qiqis in a row, the luck finally turned.",
            false,
        ),
        t if t.starts_with("五杀集锦") => (
            "本周战队赛的五杀合集，李白两次、貂蝉一次。视频在评论区，欢迎投稿你们的高光时刻！\n\nThis week's squad-match pentas: Li Bai twice, Diaochan once. Send in your own highlights!",
            true,
        ),
        _ => (
            "测试一下发帖功能，图片和评论都正常。Just testing posting — comments work fine.",
            false,
        ),
    };
    let pictures: Vec<Picture> = if picture {
        vec![Picture::new(crate::pictures::scene(title))]
    } else {
        vec![]
    };
    let images: Vec<String> = pictures.iter().map(Picture::reference).collect();
    Doc {
        json: json!({ "text": text, "images": images }),
        pictures,
    }
}

/// A task's brief: what to do and how it is checked.
pub fn task(title: &str) -> Doc {
    let text = format!(
        "任务：{title}\n\n要求：按标题完成，提交截图或录屏链接作为证明；如需账号协助，请在评论区先和发布者沟通，不要在公开区域发送密码。\n验收：发布者在审核期内确认，逾期未审可直接领取奖励。\n\nTask: {title}. Submit screenshots or a video link as proof; talk to the publisher in the comments first if you need account access (never post passwords)."
    );
    Doc {
        json: json!({ "text": text }),
        pictures: vec![],
    }
}

/// An item's description, delivery instructions and picture.
pub fn item(name: &str) -> Doc {
    let (text, delivery) = if name.contains("原石") {
        (
            "60 原石兑换码，可叠加购买，每个账号每周限兑 5 份。60 Primogems per code; up to 5 a week per account.",
            "付款后 24 小时内，管理员通过站内评论发送兑换码；请在游戏「设置 → 账户 → 兑换码」中使用。Codes arrive in the comments within 24 h.",
        )
    } else if name.contains("空月") {
        (
            "30 天空月祝福，每日登录领取 90 原石。30 days of Welkin Moon: 90 Primogems a day.",
            "付款后请在订单备注里留下 UID，管理员 48 小时内代充。Leave your UID; top-up within 48 h.",
        )
    } else if name.contains("皮肤") {
        (
            "王者荣耀史诗皮肤兑换券，可选任意一款史诗品质皮肤。Any one epic skin in Honor of Kings.",
            "队长会在战队赛后统一发放，请保持好友关系。Handed out after the squad match; stay on the captain's friend list.",
        )
    } else if name.contains("头像框") {
        (
            "战队限定头像框，只发 3 个，先到先得。A limited squad avatar frame — only three exist.",
            "付款后在评论区留下游戏昵称，队长一周内赠送。Leave your in-game name; delivered within a week.",
        )
    } else {
        (
            "社区周边，数量有限。Community merch, limited stock.",
            "付款后管理员会联系你确认收货方式。An admin will contact you about delivery.",
        )
    };
    let picture = Picture::new(crate::pictures::item(name));
    Doc {
        json: json!({ "text": text, "delivery": delivery, "image": picture.reference() }),
        pictures: vec![picture],
    }
}

/// `doc` with `note` added to its text (an edit that keeps its pictures).
pub fn revised(mut doc: Doc, note: &str) -> Doc {
    let text = format!(
        "{}\n\n{note}",
        doc.json["text"].as_str().unwrap_or_default()
    );
    if doc.json.get("bio").is_some() {
        doc.json["bio"] = Value::String(text.clone());
    }
    doc.json["text"] = Value::String(text);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_carry_real_words_and_name_their_pictures() {
        for doc in [
            profile("alice"),
            community("原神 社区"),
            post("深渊12层通关攻略"),
            task("每日委托代肝 daily commissions"),
            item("空月祝福 Welkin Moon"),
        ] {
            let text = doc.json["text"].as_str().unwrap();
            assert!(text.chars().count() > 20, "{text}");
            assert!(!text.contains("body of") && !text.contains("metadata of"));
            let named = doc.json.to_string();
            for p in &doc.pictures {
                assert!(named.contains(&format!("{:#x}", p.hash)));
                assert_eq!(keccak256(&p.bytes), p.hash);
            }
        }
        assert_eq!(post("深渊12层通关攻略").pictures.len(), 1);
        assert!(item("原石礼包 Primogem pack").json["delivery"].is_string());
        let edited = revised(profile("alice"), "AR 60 了！");
        assert!(
            edited.json["text"]
                .as_str()
                .unwrap()
                .ends_with("AR 60 了！")
        );
        assert_eq!(edited.json["avatar"], profile("alice").json["avatar"]);
    }
}
