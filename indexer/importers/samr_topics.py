"""What each SAMR OTA recall is about, in the portal's own words (en/zh).

The fact sheet gives counts, dates and versions as fields but the defect only
as a sentence, and that sentence is not ours to show. These short phrases are
written for the portal from those facts: the system at fault, what can go
wrong, what the update does and, for mixed remedies, what the workshop does.
A record without an entry still imports, with neutral wording.
"""

from __future__ import annotations

from typing import NamedTuple


class Topic(NamedTuple):
    system: tuple[str, str]
    risk: tuple[str, str]
    fix: tuple[str, str]
    workshop: tuple[str, str] | None = None


GENERIC = Topic(
    ("vehicle software", "车辆软件"),
    ("The notice describes a safety risk; see the sources.", "公告说明存在安全风险，详见来源。"),
    ("corrects the software", "修正相关软件"),
)

TOPICS: dict[str, Topic] = {
    "cn-2023-05-tesla-regen-braking": Topic(
        ("regenerative braking settings and accelerator warnings", "能量回收制动设置与加速踏板提醒"),
        ("A driver who keeps pressing the accelerator by mistake may not be alerted in time, so a crash becomes more likely.",
         "驾驶员误将加速踏板长时间踩下时可能得不到及时提醒，碰撞风险因此上升。"),
        ("lets the driver choose how strongly the car regenerates, changes the default setting and adds an alert for a long, deep accelerator press",
         "让驾驶员可选能量回收强度，调整出厂默认设置，并在长时间深踩加速踏板时发出提醒"),
    ),
    "cn-2023-10-tesla-modelx-brake-fluid": Topic(
        ("brake-fluid level warning", "制动液液位报警"),
        ("Low brake fluid may go unreported; in rare cases the brakes could then work less well.",
         "制动液不足时可能不会报警，少数情况下制动效果可能变差。"),
        ("corrects the range of sensor readings the controller accepts", "修正控制器接受的液位传感器信号范围"),
    ),
    "cn-2023-12-faw-toyota-bz3-bms": Topic(
        ("battery management software", "电池管理软件"),
        ("The car can show more charge than it has and run out of power before the low-charge warning comes on.",
         "仪表显示的电量可能高于实际，车辆可能在低电量提醒出现前就失去动力。"),
        ("updates the battery management controller program", "更新电池管理控制器程序"),
    ),
    "cn-2024-01-tesla-door-latch": Topic(
        ("door latch control logic", "车门锁控制逻辑"),
        ("In a side crash, a door on the side that was not hit may come unlatched.",
         "发生侧面碰撞时，未受撞一侧的车门可能解锁脱扣。"),
        ("keeps the door latches engaged during a crash", "确保碰撞时车门保持锁止"),
    ),
    "cn-2024-01-tesla-autosteer": Topic(
        ("Autosteer driver assistance", "Autosteer 辅助转向"),
        ("Drivers may rely on the Level 2 assistance in ways it is not meant for, making a collision more likely.",
         "驾驶员可能以不当方式依赖这项 L2 级辅助功能，碰撞风险上升。"),
        ("adds further Autosteer controls and alerts that keep the driver engaged", "增加 Autosteer 的控制与提醒，促使驾驶员保持专注"),
    ),
    "cn-2024-03-polestar4-brake-software": Topic(
        ("brake controller software", "制动控制器软件"),
        ("The brakes may drop into a reduced mode without electronic brake assist, so braking is weaker.",
         "制动系统可能进入降级模式、失去电子助力，制动力减弱。"),
        ("updates the brake controller software", "更新制动控制器软件"),
    ),
    "cn-2024-05-changan-cs55plus-360-camera": Topic(
        ("infotainment unit software for the 360-degree camera", "信息娱乐主机的 360 度全景影像软件"),
        ("The surround-view image can be wrong, so the driver may not see obstacles when reversing.",
         "全景影像画面可能出错，倒车时驾驶员可能看不清障碍物。"),
        ("corrects the infotainment unit software", "修正信息娱乐主机软件"),
    ),
    "cn-2024-06-tesla-seatbelt-reminder": Topic(
        ("driver seat-belt reminder", "驾驶员安全带提醒"),
        ("An unbuckled driver may get no sound or light reminder, raising the injury risk in a crash.",
         "驾驶员未系安全带时可能没有声光提醒，发生碰撞时受伤风险增加。"),
        ("restores the reminder logic", "恢复安全带提醒逻辑"),
        ("For cars that cannot take the update, a service centre checks the reminder and repairs faulty parts.",
         "无法在线升级的车辆由服务中心检查提醒功能并维修故障部件。"),
    ),
    "cn-2024-08-tesla-frunk-latch": Topic(
        ("front trunk (frunk) latch detection", "前备箱锁状态检测"),
        ("An open frunk latch may not be detected, and the lid could rise while driving and block the view.",
         "前备箱锁未锁好时可能检测不到，行驶中前盖可能翻起遮挡视线。"),
        ("makes the car detect a faulty frunk latch and warn with a message and a chime", "让车辆识别前备箱锁故障并以文字和提示音报警"),
        ("Cars found with a faulty latch have it repaired at a service centre.", "发现锁具故障的车辆在服务中心维修。"),
    ),
    "cn-2024-12-tesla-tpms-display": Topic(
        ("tyre pressure monitoring display", "胎压监测显示"),
        ("A tyre pressure monitoring fault may not be shown soon after the car is started.",
         "车辆启动后，胎压监测故障可能不能及时显示。"),
        ("corrects when the fault message is shown", "修正故障信息的显示时机"),
    ),
    "cn-2024-02-tesla-rear-camera-ic": Topic(
        ("rear camera chip communication software", "后视摄像头芯片通讯软件"),
        ("The reversing image may not appear, so the driver may not see what is behind the car and a collision becomes more likely.",
         "倒车时可能不显示后视影像，驾驶员看不到车后情况，碰撞风险上升。"),
        ("steadies the communication with the rear camera chip", "使后视摄像头芯片的通讯恢复稳定"),
    ),
    "cn-2024-04-byd-seagull-reverse-camera": Topic(
        ("camera driver software of the multimedia display", "多媒体显示屏的摄像头驱动软件"),
        ("The reversing image may not appear, which limits the driver's view when backing up and raises the risk of a collision.",
         "倒车时可能不显示后视画面，驾驶员视野受限，碰撞风险上升。"),
        ("corrects the camera driver software", "修正摄像头驱动软件"),
    ),
    "cn-2024-12-gac-trumpchi-gs8-cluster": Topic(
        ("instrument cluster software", "仪表软件"),
        ("The instrument cluster may stop showing key information such as speed.",
         "仪表可能不显示车速等关键信息。"),
        ("fixes the instrument cluster software", "修复仪表软件"),
    ),
    "cn-2025-01-tesla-rear-camera": Topic(
        ("car computer power supply for the rear camera", "行车电脑中为后视摄像头供电的元件"),
        ("Reverse current at power-up can damage the car computer so the rear-view image is missing when reversing.",
         "上电时的反向电流可能损坏行车电脑，倒车时看不到后视影像。"),
        ("protects the car computer's power components", "保护行车电脑的供电元件"),
        ("Cars that the software cannot fix get a replacement car computer.", "软件无法修复的车辆更换行车电脑。"),
    ),
    "cn-2025-01-tesla-eps": Topic(
        ("electric power steering software", "电动助力转向软件"),
        ("Steering assist may be reduced or, at worst, lost, making the car harder to steer.",
         "转向助力可能减弱，最坏情况下完全失去，转向变得费力。"),
        ("updates the power steering software", "更新转向助力软件"),
    ),
    "cn-2025-01-xiaomi-su7-parking": Topic(
        ("intelligent parking assist timing", "智能泊车辅助的时间同步"),
        ("Parking assist may misjudge obstacles that are standing still, so the car can scrape or hit them while parking.",
         "泊车辅助可能误判静止障碍物，泊车时可能发生刮碰。"),
        ("corrects the parking assist software", "修正泊车辅助软件"),
    ),
    "cn-2025-01-cjlr-carplay-cluster": Topic(
        ("infotainment software used with Apple CarPlay", "与 Apple CarPlay 配合使用的信息娱乐软件"),
        ("With some media apps over CarPlay the instrument cluster can go dark and driving information disappears.",
         "通过 CarPlay 使用部分媒体应用时，仪表可能黑屏，驾驶信息随之消失。"),
        ("fixes the compatibility fault", "修复兼容性缺陷"),
    ),
    "cn-2025-09-xiaomi-su7-l2-S2025M0149I": Topic(
        ("Level 2 highway navigation assist", "L2 级高速领航辅助"),
        ("In some rare situations the assist may not spot, warn of or handle a hazard well enough; without a timely takeover a crash is more likely.",
         "少数极端情况下，辅助系统可能未能充分识别、提醒或应对；驾驶员若未及时接管，碰撞风险上升。"),
        ("changes how the assist controls speed and adds a dynamic speed function", "调整辅助驾驶的速度控制并新增动态速度功能"),
    ),
    "cn-2025-11-byd-qin-plus-dmi-battery": Topic(
        ("traction battery pack", "动力电池包"),
        ("Battery output may be limited and, at worst, the car cannot drive on electricity alone.",
         "电池输出功率可能受限，极端情况下无法纯电行驶。"),
        ("updates the battery diagnostic software, which lights a warning lamp when a pack is abnormal",
         "更新电池诊断软件，发现电池包异常时点亮警告灯"),
        ("Cars with an abnormal pack get a new battery pack at a dealer.", "电池包异常的车辆到经销商更换新电池包。"),
    ),
    "cn-2026-02-nio-es8-es6-ec6-screen": Topic(
        ("instrument cluster and centre screen software", "仪表与中控屏软件"),
        ("Both screens can go dark for a short time, hiding speed and warnings and disabling defrost and demist controls.",
         "两块屏幕可能短时黑屏，期间看不到车速和报警，也无法使用除霜除雾功能。"),
        ("fixes the display software", "修复显示软件"),
    ),
}
# The September 2025 Xiaomi campaign was split into two recall numbers for one defect.
TOPICS["cn-2025-09-xiaomi-su7-l2-S2025M0150I"] = TOPICS["cn-2025-09-xiaomi-su7-l2-S2025M0149I"]


def topic_for(record_id: str) -> Topic:
    return TOPICS.get(record_id, GENERIC)
