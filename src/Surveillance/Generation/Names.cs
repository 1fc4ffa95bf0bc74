namespace Surveillance.Generation;

/// <summary>Plausible Chinese names, companies and addresses for synthetic records.</summary>
internal static class Names
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "华", "建华", "玉兰", "晨", "浩", "宇", "欣怡", "子涵", "思远", "志强", "海燕", "文博", "雪", "婷", "鹏", "晓东", "国平", "红梅", "建国", "丹", "凯", "琳", "睿", "一鸣", "佳琪", "嘉怡", "俊杰", "博文"];
    private static readonly string[] Cities = ["上海市浦东新区", "上海市徐汇区", "上海市闵行区", "北京市朝阳区", "北京市海淀区", "深圳市南山区", "深圳市福田区", "广州市天河区", "杭州市西湖区", "南京市鼓楼区", "成都市武侯区", "武汉市洪山区", "苏州市工业园区", "天津市和平区", "重庆市渝北区"];
    private static readonly string[] Roads = ["世纪大道", "中山路", "人民路", "解放路", "建设路", "长江路", "滨江大道", "科技园路", "东方路", "南京路", "淮海路", "学院路"];
    private static readonly string[] CompanyHeads = ["华", "中", "东", "恒", "金", "国", "新", "海", "长", "天", "宏", "安", "德", "永", "嘉", "瑞", "鼎", "晨", "远", "合"];
    private static readonly string[] CompanyTails = ["信", "达", "通", "泰", "盛", "源", "科", "丰", "鑫", "润", "光", "创", "能", "航", "康", "和", "联", "锦", "威", "宇"];
    private static readonly string[] Industries = ["科技", "医药", "电子", "新能源", "化工", "机械", "食品", "银行", "证券", "地产", "软件", "材料", "电力", "汽车", "传媒", "环保"];

    public static readonly string[] Occupations = ["engineer", "teacher", "doctor", "civil-servant", "self-employed", "manager", "sales", "accountant", "retired", "student", "worker", "lawyer", "researcher", "homemaker"];

    public static string Person(Random rng) => rng.Pick(Surnames) + rng.Pick(Given);

    public static string Company(int index) =>
        CompanyHeads[index % CompanyHeads.Length] + CompanyTails[(index / CompanyHeads.Length) % CompanyTails.Length] + Industries[(index * 7) % Industries.Length];

    /// <summary>A home address unique to <paramref name="index"/>: district, road, building and flat all vary.</summary>
    public static string HomeAddress(Random rng, int index) =>
        $"{rng.Pick(Cities)}{rng.Pick(Roads)}{100 + (index % 900)}弄{1 + (index / 900 % 30)}号{101 + (index % 17 * 100) + (index / 27000)}室";

    public static string OfficeAddress(string company) => $"上海市浦东新区世纪大道88号{company}大厦18楼";

    /// <summary>A mobile number unique to <paramref name="index"/> (a bijection of it, so never shared by accident).</summary>
    public static string Phone(int index) => "13" + (((long)index * 7_919 % 900_000_000) + 100_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

    public static string Device(int index) => "dev-" + unchecked(((uint)index * 2_654_435_761u) ^ 0x5bd1e995u).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    public static string Ip(int index) => $"10.{(index >> 16) & 0xff}.{(index >> 8) & 0xff}.{index & 0xff}";
}
