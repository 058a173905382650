"""NHTSA component paths in Chinese, level by level, through one translation table.

NHTSA files every campaign under one or more component paths such as
``ELECTRICAL SYSTEM:ADAS:AUTONOMOUS/SELF DRIVING:SOFTWARE`` (several joined by
``; ``). A Chinese reader should not meet these English codes, so every level
any shipped recall uses has an entry here; the importer (titles and structured
Chinese text) and the recall pages read the same table. A level missing from
the table is kept in English rather than guessed, and a test lists any shipped
level that has no entry.
"""

from __future__ import annotations

COMPONENT_LEVEL_ZH = {
    "12V/24V/48V BATTERY": "12V/24V/48V 蓄电池",
    "ADAPTIVE CRUISE CONTROL": "自适应巡航控制",
    "ADAS": "高级驾驶辅助系统",
    "AIR BAG/RESTRAINT CONTROL MODULE": "安全气囊/约束系统控制模块",
    "AIR BAGS": "安全气囊",
    "ALTERNATOR/GENERATOR/REGULATOR": "交流发电机/发电机/调节器",
    "ANCHORAGE": "固定点",
    "ANTILOCK/TRACTION CONTROL/ELECTRONIC LIMITED SLIP": "防抱死/牵引力控制/电子限滑",
    "AUTOMATED/ADAPTIVE STEERING": "自动/自适应转向",
    "AUTOMATIC EMERGENCY BRAKING": "自动紧急制动",
    "AUTOMATIC TRANSMISSION": "自动变速器",
    "AUTONOMOUS/SELF DRIVING": "自动驾驶",
    "AXLE": "车桥",
    "AXLE ASSEMBLY": "车桥总成",
    "AXLE HUBS": "轮毂",
    "AXLE SHAFT": "半轴",
    "BACK OVER PREVENTION": "倒车防碰撞（后视影像）",
    "BACK UP LIGHTS": "倒车灯",
    "BEAD": "胎圈",
    "BODY": "车身",
    "BODY CONTROL MODULE": "车身控制模块",
    "BODY CONTROL MODULE/BCM": "车身控制模块（BCM）",
    "BRAKE FLUID LOW WARNING": "制动液不足警告",
    "BRAKE LIGHTS": "制动灯",
    "BUCKLE ASSEMBLY": "锁扣总成",
    "CABLE/CORD": "电缆/电线",
    "CABLES": "拉索",
    "CALIPER": "制动钳",
    "CAMERA": "摄像头",
    "CHARGING": "充电",
    "CHILD SEAT": "儿童座椅",
    "CLUTCH ASSEMBLY": "离合器总成",
    "COLUMN": "转向柱",
    "COLUMN SHIFT": "转向柱换挡",
    "CONNECTOR/CLIP": "连接器/卡扣",
    "CONSTANT VELOCITY JOINT": "等速万向节",
    "CONTROL ARM": "控制臂",
    "CONTROL MODULE": "控制模块",
    "CONTROL MODULE (TCM, PCM)": "控制模块（TCM、PCM）",
    "CONTROL MODULE (TCM/PCM/TECM)": "控制模块（TCM/PCM/TECM）",
    "CONTROL UNIT/MODULE": "控制单元/模块",
    "CONTROL/DRIVE MODULE": "控制/驱动模块",
    "CONTROLLER": "控制器",
    "COOLING SYSTEM": "冷却系统",
    "COOLING UNIT AND LINES": "冷却单元及管路",
    "CRANKCASE (PCV)": "曲轴箱（PCV）",
    "CRITICAL FASTENERS": "关键紧固件",
    "CURTAIN": "侧气帘",
    "CUSHION": "坐垫",
    "DASHBOARD": "仪表台",
    "DEFROSTER/DEFOGGER/HVAC SYSTEM": "除霜/除雾/空调系统",
    "DELIVERY": "供油",
    "DIFFERENTIAL UNIT": "差速器",
    "DISC": "制动盘",
    "DISPLAY FUNCTION": "显示功能",
    "DOOR": "车门",
    "DOORS": "车门",
    "DRIVELINE": "传动系",
    "DRIVER SIDE": "驾驶员侧",
    "DRIVESHAFT": "传动轴",
    "ELECTRIC": "电动",
    "ELECTRIC POWER ASSIST SYSTEM": "电动助力系统",
    "ELECTRICAL": "电气",
    "ELECTRICAL SYSTEM": "电气系统",
    "ELECTRONIC LOCK/LATCH ACTUATOR": "电子锁/锁扣执行器",
    "ELECTRONIC STABILITY CONTROL": "电子稳定控制系统",
    "ELECTRONIC STABILITY CONTROL (ESC)": "电子稳定控制系统（ESC）",
    "EMISSION CONTROL": "排放控制",
    "ENGINE": "发动机",
    "ENGINE AND ENGINE COOLING": "发动机及冷却系统",
    "ENGINE BLOCK HEATER": "发动机缸体加热器",
    "ENGINE CONTROL MODULE (ECU/ECM)": "发动机控制模块（ECU/ECM）",
    "EQUIPMENT": "车辆附属装备",
    "EXHAUST SYSTEM": "排气系统",
    "EXTERIOR": "外部",
    "EXTERIOR LIGHTING": "外部照明",
    "EXTERNAL/PEDESTRIAN ALERT": "车外/行人提示音",
    "FILLER PIPE AND CAP": "加注管及盖",
    "FILLING/CHARGING": "加注/充电",
    "FLUID": "液体",
    "FLUID/LUBRICANT": "油液/润滑剂",
    "FORWARD COLLISION AVOIDANCE": "前向碰撞避免系统",
    "FOUNDATION COMPONENTS": "基础部件",
    "FRAME AND MEMBERS": "车架及梁",
    "FRONT": "前部",
    "FRONT ASSEMBLY": "前部总成",
    "FRONT PASSENGER": "前排乘客",
    "FRONTAL": "正面",
    "FUEL GAUGE": "燃油表",
    "FUEL INJECTION SYSTEM": "燃油喷射系统",
    "FUEL PUMP": "燃油泵",
    "FUEL RAIL": "燃油导轨",
    "FUEL SYSTEM, DIESEL": "柴油燃料系统",
    "FUEL SYSTEM, GASOLINE": "汽油燃料系统",
    "FUEL SYSTEM, OTHER": "其他燃料系统",
    "FUSES AND CIRCUIT BREAKERS": "保险丝及断路器",
    "FUSES, RELAYS, CONTACTS, AND SHUNTS": "保险丝、继电器、触点及分流器",
    "GAS RECIRCULATION VALVE (EGR VALVE)": "废气再循环阀（EGR 阀）",
    "GASOLINE": "汽油",
    "GEAR BOX (OTHER THAN RACK AND PINION)": "转向器（齿轮齿条式除外）",
    "GEAR POSITION INDICATION (PRNDL)": "挡位指示（PRNDL）",
    "HARD PARTS INTERNAL/MECHANICAL": "内部机械硬件",
    "HATCHBACK/LIFTGATE": "尾门",
    "HAZARD FLASHING WARNING LIGHTS": "危险警告灯",
    "HEAD": "头部",
    "HEAD RESTRAINT": "头枕",
    "HEADLIGHTS": "前大灯",
    "HINGE AND ATTACHMENTS": "铰链及附件",
    "HOOD": "发动机舱盖",
    "HOSES, LINES/PIPING, AND FITTINGS": "软管、管路及接头",
    "HOSES/LINES/PIPING/FITTINGS": "软管/管路/接头",
    "HUB": "轮毂",
    "HUBCAP/COVER": "轮毂盖",
    "HYBRID PROPULSION SYSTEM": "混合动力推进系统",
    "HYDRAULIC": "液压",
    "HYDRAULIC HOSE/FITTINGS": "液压软管/接头",
    "HYDRAULIC POWER ASSIST": "液压助力",
    "IGNITION": "点火",
    "INFLATOR": "气体发生器",
    "INFLATOR MODULE": "气体发生器模块",
    "INJECTORS": "喷油器",
    "INSTRUMENT CLUSTER/PANEL": "仪表盘",
    "INSTRUMENT PANEL": "仪表板",
    "INTEGRATED TRAILER BRAKE CONTROL": "集成挂车制动控制",
    "INTERIOR": "车内",
    "INTERIOR PANELS": "内饰板",
    "INVERTER": "逆变器",
    "KNEE BOLSTER": "膝部护板",
    "LABELS": "标签",
    "LANE DEPARTURE": "车道偏离辅助",
    "LANE KEEP": "车道保持",
    "LATCH": "锁扣",
    "LATCHES/LOCKS/LINKAGES": "门锁、锁扣及连杆",
    "LEVER AND LINKAGE": "操纵杆及连杆",
    "LIGHTING CONTROL MODULE": "灯光控制模块",
    "LINKAGE": "连杆",
    "LINKAGES": "连杆",
    "LOWER ARM": "下摆臂",
    "LUGS/NUTS/BOLTS": "轮毂螺栓/螺母",
    "LUGS/NUTS/BOLTS/STUDS": "轮毂螺栓/螺母/螺柱",
    "MACPHERSON STRUT": "麦弗逊减振支柱",
    "MANAGEMENT SYSTEM/ENERGY CONTROL MODULE (BMS/BECM)": "电池管理系统/能量控制模块（BMS/BECM）",
    "MASTER CYLINDER": "制动主缸",
    "MID/REAR ASSEMBLY": "中后部总成",
    "MODULE": "模块",
    "MOTOR": "电机",
    "MOUNTING": "安装",
    "MOUNTING PLATE/FLANGE": "安装板/法兰",
    "NON-POWERED AXLE ASSEMBLY": "非驱动桥总成",
    "OCCUPANT CLASSIFICATION": "乘员分类",
    "OIL/LUBRICATION": "机油/润滑",
    "ON-OFF SWITCH ASSEMBLY": "开关总成",
    "ONBOARD": "车载",
    "ONBOARD (OBCM)": "车载充电模块（OBCM）",
    "OTHER": "其他",
    "OWNERS/SERVICE/OTHER MANUAL": "用户/维修/其他手册",
    "PADS": "制动片",
    "PARKING BRAKE": "驻车制动",
    "PASSENGER SIDE": "乘客侧",
    "PASSENGER SIDE FRONTAL": "乘客侧正面",
    "PEDALS AND LINKAGES": "踏板及连杆",
    "PEDESTRIAN/CYCLIST/OBJECT/OBSTACLE/ RECOGNITION": "行人/骑行者/物体/障碍物识别",
    "PIPES, HOSES, AND FITTINGS": "管路、软管及接头",
    "POWER ASSIST": "助力",
    "POWER TRAIN": "动力传动系统",
    "POWER WINDOW DEVICES AND CONTROLS": "电动车窗装置及控制",
    "PRESSURE MONITORING AND REGULATING SYSTEMS": "胎压监测及调节系统",
    "PRETENSIONER": "预紧器",
    "PROPULSION SYSTEM": "推进系统",
    "PUMP": "泵",
    "RADAR": "雷达",
    "RADIATOR ASSEMBLY": "散热器总成",
    "REAR": "后部",
    "REAR COMPARTMENT/TRUNK": "后备箱",
    "REAR/OTHER": "后部/其他",
    "REARVIEW MIRRORS/DEVICES": "后视镜/后视装置",
    "RECLINER": "靠背调节器",
    "RELAYS/SOLENOIDS": "继电器/电磁阀",
    "RETRACTOR": "卷收器",
    "RIM": "轮辋",
    "ROOF AND PILLARS": "车顶及立柱",
    "SEALS/GASKETS": "密封件/垫片",
    "SEAT BELTS": "安全带",
    "SEATS": "座椅",
    "SENSING SYSTEM": "感知系统",
    "SENSOR": "传感器",
    "SERVICE BRAKES": "行车制动",
    "SERVICE BRAKES, AIR": "气压行车制动",
    "SERVICE BRAKES, HYDRAULIC": "液压行车制动",
    "SHOCK ABSORBER": "减振器",
    "SIDE IMPACT": "侧面碰撞",
    "SIDE/WINDOW": "侧窗",
    "SIDEWALL": "胎侧",
    "SOFTWARE": "软件",
    "SPEEDOMETER/ODOMETER": "车速表/里程表",
    "SRS MALFUNCTION WARNING LAMP/LIGHT": "安全气囊故障警告灯",
    "STARTER ASSEMBLY": "起动机总成",
    "STEERING": "转向系统",
    "STEERING ASSIST": "转向助力",
    # NHTSA has one code for a wheel and a handlebar; every campaign the portal holds with it is a car.
    "STEERING WHEEL/HANDLE BAR": "方向盘",
    "STORAGE": "储能",
    "STRUCTURE": "车身结构",
    "SUBFRAME/MOUNTING BRACKET": "副车架/安装支架",
    "SUN/MOON ROOF ASSEMBLY": "天窗总成",
    "SUSPENSION": "悬架",
    "SWITCH": "开关",
    "SWITCH/SENSOR/FLOAT": "开关/传感器/浮子",
    "SWITCHES/KNOBS/BUTTONS": "开关/旋钮/按键",
    "TAIL LIGHTS": "尾灯",
    "TAILGATE": "尾门",
    "TANK ASSEMBLY": "油箱总成",
    "TEMPORARY/EMERGENCY SPARE TIRE": "临时/应急备胎",
    "TETHER": "上拉带",
    "TETHER, LOWER ANCHOR (ON CAR SEAT OR VEHICLE)": "儿童座椅固定装置（上拉带、下固定点）",
    "THORAX": "胸部",
    "TIE ROD ASSEMBLY": "转向横拉杆总成",
    "TIRES": "轮胎",
    "TORQUE CONVERTER": "液力变矩器",
    "TRACTION BATTERY": "动力电池",
    "TRACTION CONTROL SYSTEM": "牵引力控制系统",
    "TRACTION MOTOR": "驱动电机",
    "TRAILER HITCHES": "拖车挂钩",
    "TRUNK LID": "后备箱盖",
    "TURBO/SUPERCHARGER": "涡轮/机械增压器",
    "TURN SIGNAL": "转向灯",
    "UNDERBODY SHIELDS": "底盘护板",
    "UNKNOWN OR OTHER": "未知或其他",
    "UPPER ARM": "上摆臂",
    "UPPER BALL JOINT": "上球头",
    "VACUUM": "真空",
    "VALVE": "阀门",
    "VALVES/VALVE BODY": "阀/阀体",
    "VEHICLE LATCH ANCHOR": "车辆固定点",
    "VEHICLE SPEED CONTROL": "车速控制",
    "VISIBILITY": "视野",
    "VISIBILITY/WIPER": "视野/雨刮",
    "WARNING LIGHT/DEVICES": "警告灯/装置",
    "WARNINGS": "警告",
    "WEBBING": "织带",
    "WHEEL BEARING": "车轮轴承",
    "WHEELS": "车轮",
    "WINDSHIELD": "挡风玻璃",
    "WINDSHIELD WIPER/WASHER": "雨刮/洗涤器",
    "WIRING": "线束",
}
COMPONENT_SEPARATOR = "; "


def component_levels(path: str | None) -> list[str]:
    """``"ELECTRICAL SYSTEM: SOFTWARE"`` -> ``["ELECTRICAL SYSTEM", "SOFTWARE"]`` (spacing normalised)."""
    return [" ".join(level.split()).upper() for level in (path or "").split(":") if level.strip()]


def level_zh(level: str) -> str | None:
    return COMPONENT_LEVEL_ZH.get(" ".join(level.split()).upper())


def path_zh(path: str | None) -> str:
    """One component path in Chinese, levels joined by ``：``; an unknown level stays as listed."""
    return "：".join(dict.fromkeys(level_zh(level) or level for level in component_levels(path)))


def components_zh(component: str | None) -> str:
    """A recall's ``component`` field (paths joined by ``; ``) in Chinese, paths joined by ``；``."""
    return "；".join(path_zh(part) for part in (component or "").split(COMPONENT_SEPARATOR) if part.strip())


def untranslated_levels(component: str | None) -> set[str]:
    """Levels of a component field that the table does not cover."""
    return {level for part in (component or "").split(COMPONENT_SEPARATOR)
            for level in component_levels(part) if level_zh(level) is None}


def component_name(component: str | None, lang: str) -> str:
    """The component as a reader sees it: Chinese through the table, English as NHTSA lists it, in sentence case."""
    if not component:
        return ""
    if lang == "zh":
        return components_zh(component)
    return "; ".join(": ".join(_sentence_case(level) for level in component_levels(part))
                     for part in component.split(COMPONENT_SEPARATOR) if part.strip())


# NHTSA writes every level in capitals; these stay capitals when the rest is sentence case.
ACRONYMS = {"ADAS", "BCM", "BECM", "BMS", "ECM", "ECU", "EGR", "ESC", "HVAC", "OBCM", "PCM", "PCV", "PRNDL",
            "SRS", "TCM", "TECM"}


def _sentence_case(level: str) -> str:
    words = level.capitalize().split(" ")
    return " ".join("/".join(part.upper() if part.strip("()").upper() in ACRONYMS else part
                             for part in word.split("/")) for word in words)


def category_slug(level: str) -> str:
    """``"SERVICE BRAKES, HYDRAULIC"`` -> ``"service-brakes-hydraulic"`` (a facet value: no commas, lower case)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in level.lower()).split())


_CATEGORY_BY_SLUG = {category_slug(level): level for level in COMPONENT_LEVEL_ZH}


def component_categories(component: str | None) -> list[str]:
    """The first level of every path as facet values: what system NHTSA filed the recall under."""
    found = [category_slug(component_levels(part)[0]) for part in (component or "").split(COMPONENT_SEPARATOR)
             if component_levels(part)]
    return sorted(dict.fromkeys(found))


def category_label(slug: str, lang: str) -> str:
    """A facet value's display name; an unknown slug is shown as it is."""
    level = _CATEGORY_BY_SLUG.get(slug)
    if level is None:
        return slug
    return level_zh(level) or level if lang == "zh" else _sentence_case(level)
