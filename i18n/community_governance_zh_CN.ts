<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommunityGovernance</name>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="246"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="95"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="656"/>
        <source>% of plan feature</source>
        <translation>占地块比例（%）</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="68"/>
        <source>&amp;Community Smart Governance</source>
        <translation>社区智慧治理(&amp;C)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="403"/>
        <source>(suggested: {code})</source>
        <translation>（建议：{code}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="65"/>
        <source>1. Three control lines</source>
        <translation>一、三线检查情况</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="66"/>
        <source>2. Other control lines</source>
        <translation>二、其他控制线检查情况</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="61"/>
        <source>2SFCA</source>
        <translation>两步移动搜索法（2SFCA）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="67"/>
        <source>3. Zoning and dominant use</source>
        <translation>三、规划分区与主导用途</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="68"/>
        <source>4. Indicators</source>
        <translation>四、指标检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="693"/>
        <source>5. Conclusion</source>
        <translation>五、结论</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="69"/>
        <source>A community has a gap when less than this share of the served group is within the radius</source>
        <translation>服务人群在半径内的比例低于该值时判定为缺口</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="148"/>
        <source>A connection needs a name and an http(s) URL.</source>
        <translation>连接需要名称和 http(s) 地址。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="71"/>
        <source>Accept quality warnings</source>
        <translation>接受质检警告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="60"/>
        <source>Accessibility score</source>
        <translation>可达性得分</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="63"/>
        <source>Accuracy field (m, optional)</source>
        <translation>定位精度字段（米，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="141"/>
        <source>Activity density (GeoTIFF)</source>
        <translation>活动密度（GeoTIFF）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="118"/>
        <source>Activity shares of the contours (%)</source>
        <translation>等值线包含的活动比例（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="146"/>
        <source>Activity spaces (individual)</source>
        <translation>活动空间（个体）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="130"/>
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="48"/>
        <source>All optional Python packages are installed; every tool is available.</source>
        <translation>所有可选 Python 依赖包均已安装，全部工具可用。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="47"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="45"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="116"/>
        <source>An origin-destination table needs a search cutoff greater than 0.</source>
        <translation>输出起讫点（OD）表时，搜索上限距离必须大于 0。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="39"/>
        <source>Analysis failed: {detail}</source>
        <translation>分析失败：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="716"/>
        <source>Appendix A. Land-use codes to check</source>
        <translation>附录 A　需核对的用地代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="729"/>
        <source>Appendix B. Audit log</source>
        <translation>附录 B　审查留痕</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="615"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="616"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="614"/>
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="591"/>
        <source>Areas</source>
        <translation>面积口径</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="81"/>
        <source>At most this many features (0 = all)</source>
        <translation>最多要素数（0 表示全部）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="95"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="86"/>
        <source>Attributes read as {encoding} ({how}).</source>
        <translation>属性按 {encoding} 读取（判定方式：{how}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="227"/>
        <source>Audit log (JSON)</source>
        <translation>审查留痕日志（JSON）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="52"/>
        <source>Authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="63"/>
        <source>Automatic (by collection or layer name)</source>
        <translation>自动（按数据集或图层名称）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="78"/>
        <source>Automatic (by layer name)</source>
        <translation>自动（按图层名称）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="71"/>
        <source>Bands (comma separated)</source>
        <translation>圈层（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="76"/>
        <source>Bands are</source>
        <translation>圈层单位</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="51"/>
        <source>Bands must be positive numbers: {bands}</source>
        <translation>圈层必须是正数：{bands}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="718"/>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="106"/>
        <source>Bridge gaps without movement up to (hours, 0 = never)</source>
        <translation>未移动的信号间断最长可桥接（小时，0 表示不桥接）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="107"/>
        <source>Buffer width (m)</source>
        <translation>缓冲宽度（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="174"/>
        <source>CRS of the repaired copy (empty = as input)</source>
        <translation>修复副本的坐标系（留空则与输入相同）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="77"/>
        <source>CRS to ask the platform for</source>
        <translation>向平台请求的坐标系</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="92"/>
        <source>CSV coordinate reference system</source>
        <translation>CSV 坐标参照系</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="82"/>
        <source>CSV timestamp column</source>
        <translation>CSV 时间戳列</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="79"/>
        <source>CSV user id column</source>
        <translation>CSV 用户标识列</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="85"/>
        <source>CSV x / longitude column</source>
        <translation>CSV X／经度列</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="88"/>
        <source>CSV y / latitude column</source>
        <translation>CSV Y／纬度列</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="82"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/dock/tasks.py" line="92"/>
        <source>Cancelled by the user.</source>
        <translation>已被用户取消。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="479"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="63"/>
        <source>Candidate id field</source>
        <translation>候选用地标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="96"/>
        <source>Candidate sites</source>
        <translation>候选用地</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="193"/>
        <source>Cannot choose {p} of {n} candidate sites.</source>
        <translation>无法从 {n} 个候选用地中选出 {p} 个。</translation>
    </message>
    <message>
        <location filename="../processing/bridge.py" line="70"/>
        <source>Cannot locate the layer on the earth to choose a metric CRS.</source>
        <translation>无法确定图层的地理位置，因而无法选择米制投影坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="45"/>
        <source>Cannot open the one-map database “{file}”.</source>
        <translation>无法打开“一张图”数据库“{file}”。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="302"/>
        <source>Cannot reach the platform at {host}: {detail}</source>
        <translation>无法连接平台 {host}：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="243"/>
        <source>Cannot read the CSV file “{file}”: {detail}</source>
        <translation>无法读取 CSV 文件“{file}”：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="221"/>
        <source>Capacity field (places, beds or m2)</source>
        <translation>规模字段（座位、床位或平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="102"/>
        <source>Capacity of each new site in people served (0 = no capacity limit)</source>
        <translation>每个新设施可服务人数（0 表示不限）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="74"/>
        <source>Catalog</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="501"/>
        <source>Charts need the Python package “pyqtgraph” (sudo apt install python3-pyqtgraph).</source>
        <translation>图表需要 Python 依赖包“pyqtgraph”（sudo apt install python3-pyqtgraph）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="78"/>
        <source>Check quality and publish</source>
        <translation>质检并上报</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="385"/>
        <source>Check {check} could not run: {reason}</source>
        <translation>检查项 {check} 未能执行：{reason}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="643"/>
        <source>Checked: no conflict in this group.</source>
        <translation>已检查：本类无冲突。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="166"/>
        <source>Checking data quality…</source>
        <translation>正在进行数据质检…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="223"/>
        <source>Checking “{layer}” against the schema “{schema}”.</source>
        <translation>正在按数据标准“{schema}”检查“{layer}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="150"/>
        <source>Choose a group field to dissolve per group.</source>
        <translation>按组融合时请选择分组字段。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="142"/>
        <source>Choose a layer and a collection first.</source>
        <translation>请先选择图层和数据集。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="331"/>
        <source>Choose a platform connection with a SensorThings URL first.</source>
        <translation>请先选择一个配置了 SensorThings 地址的平台连接。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="248"/>
        <source>Choose a trajectory point layer or a CSV file.</source>
        <translation>请选择轨迹点图层或 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="180"/>
        <source>Choose the community id field of “{layer}”.</source>
        <translation>请选择“{layer}”的社区标识字段。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="653"/>
        <source>Choose the community layer and its id field to show warning levels on the map.</source>
        <translation>请选择社区图层及其编号字段，以便在地图上显示预警等级。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="114"/>
        <source>Choose where to write the demo GeoPackage.</source>
        <translation>请选择示例 GeoPackage 的保存位置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="119"/>
        <source>Chosen sites</source>
        <translation>选中的用地</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="257"/>
        <source>City override of thresholds (YAML)</source>
        <translation>城市阈值调整文件（YAML）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="51"/>
        <source>City standards profile file (YAML, overrides the choice above)</source>
        <translation>城市标准配置文件（YAML，优先于上方选择）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="88"/>
        <source>City: 25 times larger, for benchmarks</source>
        <translation>城市：大 25 倍，用于基准测试</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="49"/>
        <source>Cleared at</source>
        <translation>解除于</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="108"/>
        <source>Cleared at {time} (hysteresis {hysteresis} {measure}).</source>
        <translation>于 {time} 解除（回差 {hysteresis} {measure}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="717"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="71"/>
        <source>Collection</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="65"/>
        <source>Collection id</source>
        <translation>数据集编号</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="265"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="68"/>
        <source>Communities (for the maps)</source>
        <translation>社区（用于制图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="155"/>
        <source>Communities suppressed (fewer than k residents)</source>
        <translation>被抑制的社区（居民少于 k）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="278"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="53"/>
        <source>Community Smart Governance</source>
        <translation>社区智慧治理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="93"/>
        <source>Community boundaries</source>
        <translation>社区边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="32"/>
        <source>Community health check</source>
        <translation>社区体检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="64"/>
        <source>Community health check report</source>
        <translation>社区体检报告</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="266"/>
        <source>Community id field</source>
        <translation>社区标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="108"/>
        <source>Community id field of the walking life circles</source>
        <translation>步行生活圈的社区标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="42"/>
        <source>Community indicators and early warnings</source>
        <translation>社区指标监测与分级预警</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="107"/>
        <source>Community or sub-district name</source>
        <translation>社区或街道名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="30"/>
        <source>Community platform</source>
        <translation>社区基础信息平台</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="74"/>
        <source>Community platform panel</source>
        <translation>社区平台面板</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="80"/>
        <source>Community service facilities</source>
        <translation>社区公共服务设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="85"/>
        <source>Community summary</source>
        <translation>社区汇总表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="93"/>
        <source>Community/type gaps found</source>
        <translation>发现的社区/设施类型缺口数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="210"/>
        <source>Conflicts</source>
        <translation>冲突图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="80"/>
        <source>Conformity conflicts</source>
        <translation>符合性冲突图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="84"/>
        <source>Conformity report (HTML)</source>
        <translation>符合性审查报告（HTML）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="81"/>
        <source>Conformity verdicts</source>
        <translation>符合性审查结论</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="55"/>
        <source>Conforms</source>
        <translation>符合</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="211"/>
        <source>Connected to “{title}”: {count} collections.</source>
        <translation>已连接“{title}”：共 {count} 个数据集。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="73"/>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="653"/>
        <source>Control feature</source>
        <translation>管控要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="67"/>
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="42"/>
        <source>Coordinate reference system problem in layer “{layer}”: {detail}</source>
        <translation>图层“{layer}”的坐标参考系有问题：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="58"/>
        <source>Could not evaluate</source>
        <translation>无法评价</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="108"/>
        <source>Could not load the model “{path}”.</source>
        <translation>无法加载模型“{path}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="147"/>
        <source>Could not open layer “{layer}”.</source>
        <translation>无法打开图层“{layer}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="734"/>
        <source>Counted, not evaluated</source>
        <translation>已计数、未参与评价</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="409"/>
        <source>Counted, not evaluated: {what}: {count}.</source>
        <translation>已计数、未参与评价：{what}：{count}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="124"/>
        <source>Coverage before and after</source>
        <translation>建设前后覆盖对比</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="79"/>
        <source>Coverage before and after siting</source>
        <translation>选址前后覆盖率</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="59"/>
        <source>Create demo community</source>
        <translation>生成示例社区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="63"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="658"/>
        <source>Current warning level</source>
        <translation>当前预警等级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="28"/>
        <source>Data quality</source>
        <translation>数据质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="119"/>
        <source>Data quality gate</source>
        <translation>数据质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="72"/>
        <source>Data quality issues (one table per checked dataset)</source>
        <translation>数据质检问题（每个被检数据集一张表）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="181"/>
        <source>Data-quality gate for “{layer}”</source>
        <translation>“{layer}”的数据质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="42"/>
        <source>Data-quality schema (empty = the collection's own)</source>
        <translation>质检模式（为空则使用数据集自身的模式）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="133"/>
        <source>Dataset schema</source>
        <translation>数据标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="138"/>
        <source>Dataset schema file (YAML, overrides the choice above)</source>
        <translation>数据标准文件（YAML，优先于上面的选择）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="227"/>
        <source>Datastream</source>
        <translation>数据流</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="592"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="91"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="175"/>
        <source>Delete connection</source>
        <translation>删除连接</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="176"/>
        <source>Delete the connection “{name}”? Its authentication configuration stays in QGIS.</source>
        <translation>删除连接“{name}”？其认证配置仍保留在 QGIS 中。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="56"/>
        <source>Demand (points or polygons)</source>
        <translation>需求（点或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="99"/>
        <source>Demand features not on the network</source>
        <translation>未能吸附到路网的需求要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="60"/>
        <source>Demand id field</source>
        <translation>需求标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="87"/>
        <source>Demand with nearest facility distances</source>
        <translation>含最近设施距离的需求要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="96"/>
        <source>Demo GeoPackage</source>
        <translation>示例 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="31"/>
        <source>Demo and data</source>
        <translation>示例与数据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="87"/>
        <source>Demo: one sub-district, 8 communities, ~50,000 residents</source>
        <translation>示例：一个街道、8 个社区、约 5 万居民</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="115"/>
        <source>Density cell size (m)</source>
        <translation>密度单元尺寸（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="160"/>
        <source>Density cells suppressed (fewer than k residents)</source>
        <translation>被抑制的密度单元（居民少于 k）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="57"/>
        <source>Detect (GBK when a shapefile has no .cpg)</source>
        <translation>自动识别（Shapefile 无 .cpg 时按 GBK 检测）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="318"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="302"/>
        <source>Discard mine</source>
        <translation>放弃我的修改</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="109"/>
        <source>Discard selected</source>
        <translation>丢弃所选</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="95"/>
        <source>Dissolved (all origins)</source>
        <translation>全部起点融合</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="95"/>
        <source>Dissolved per group</source>
        <translation>按组融合</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="56"/>
        <source>Does not conform</source>
        <translation>不符合</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="61"/>
        <source>Download a platform collection</source>
        <translation>下载平台数据集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="87"/>
        <source>Downloaded features</source>
        <translation>下载的要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="206"/>
        <source>Draw a map per conflict in the report</source>
        <translation>在报告中为每处冲突绘制示意图</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="109"/>
        <source>Drop points less accurate than (m, 0 = keep all)</source>
        <translation>剔除定位精度差于（米，0 表示全部保留）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="294"/>
        <source>Edit conflict</source>
        <translation>编辑冲突</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="90"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="68"/>
        <source>Encoding used</source>
        <translation>采用的编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="61"/>
        <source>Enhanced 2SFCA (step weights)</source>
        <translation>增强两步移动搜索法（分段权重）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="422"/>
        <source>Equity of accessibility (Gini coefficient, 0 = equal)</source>
        <translation>可达性公平性（基尼系数，0 表示完全均等）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="184"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="239"/>
        <source>Evaluate from</source>
        <translation>评估起始时间</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="239"/>
        <source>Evaluate until</source>
        <translation>评估截止时间</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="234"/>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="182"/>
        <source>Exact home locations were written: handle this output as personal data.</source>
        <translation>已输出精确居住地位置：请将该输出作为个人数据妥善处理。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="208"/>
        <source>Existing facilities</source>
        <translation>现状设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="202"/>
        <source>Existing facilities keep their capacities from the capacity field.</source>
        <translation>现状设施的规模取自规模字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="386"/>
        <source>FAILED</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="34"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="64"/>
        <source>Facilities (points or polygons)</source>
        <translation>设施（点或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="26"/>
        <source>Facilities and accessibility</source>
        <translation>设施与可达性</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="101"/>
        <source>Facilities not on the network</source>
        <translation>未能吸附到路网的设施数</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="419"/>
        <source>Facility</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="83"/>
        <source>Facility gap report (HTML)</source>
        <translation>设施缺口报告（HTML）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="77"/>
        <source>Facility gaps per community</source>
        <translation>社区设施缺口</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="73"/>
        <source>Facility id field</source>
        <translation>设施标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="43"/>
        <source>Facility siting (where to build next)</source>
        <translation>设施选址优化（下一步建在哪里）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="45"/>
        <source>Facility supply-demand gaps</source>
        <translation>设施供需缺口评价</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="68"/>
        <source>Facility type field</source>
        <translation>设施类型字段</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="215"/>
        <source>Facility type field (profile codes)</source>
        <translation>设施类型字段（标准配置编码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="68"/>
        <source>Facility type to site (profile code)</source>
        <translation>待选址设施类型（标准配置编码）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="28"/>
        <source>Facility type “{fac_type}” is not in the standards profile “{profile}”.</source>
        <translation>设施类型“{fac_type}”不在标准配置“{profile}”中。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="388"/>
        <source>Feature {feature} of “{layer}” is invalid; the pairs it touches could not be evaluated: {reason}</source>
        <translation>图层“{layer}”的要素 {feature} 几何无效，与其相交的地块无法评价：{reason}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="296"/>
        <source>Feature {fid} of “{collection}” was changed on the platform after you loaded it. Overwrite the platform's version with yours, or discard your change?</source>
        <translation>“{collection}”的要素 {fid} 在您加载之后已在平台上被修改。用您的版本覆盖平台版本，还是放弃您的修改？</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/outbox.py" line="403"/>
        <source>Feature {fid} of “{collection}” was changed on the platform since you loaded it; it was not overwritten.</source>
        <translation>“{collection}”的要素 {fid} 在您加载之后已在平台上被修改，未予覆盖。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="186"/>
        <source>Features checked</source>
        <translation>已检查要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="88"/>
        <source>Features downloaded</source>
        <translation>已下载要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="52"/>
        <source>Features journaled in the outbox</source>
        <translation>记入发件箱的要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="89"/>
        <source>Features matched on the platform</source>
        <translation>平台上匹配的要素数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="134"/>
        <source>Features: {url}
SensorThings: {sta}
Authentication: {auth}</source>
        <translation>要素服务：{url}
SensorThings：{sta}
认证：{auth}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="76"/>
        <source>Feedback</source>
        <translation>居民反馈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="214"/>
        <source>Feedback time field</source>
        <translation>反馈时间字段</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="43"/>
        <source>GB 50180-2018 (urban residential areas)</source>
        <translation>GB 50180-2018（城市居住区规划设计标准）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="90"/>
        <source>Gap report</source>
        <translation>缺口评价报告</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="105"/>
        <source>Gap that breaks a stay (minutes)</source>
        <translation>中断停留的时间间隔（分钟）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="61"/>
        <source>Gaussian 2SFCA</source>
        <translation>高斯两步移动搜索法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="53"/>
        <source>Generalise home locations to a grid of (m)</source>
        <translation>居住地位置泛化到格网（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="121"/>
        <source>Generating the {size} community with seed {seed}…</source>
        <translation>正在以种子 {seed} 生成 {size} 规模的社区……</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="96"/>
        <source>GeoPackage (*.gpkg *.GPKG)</source>
        <translation>GeoPackage（*.gpkg *.GPKG）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="126"/>
        <source>Give a time zone, e.g. Asia/Shanghai, UTC or +08:00.</source>
        <translation>请给出时区，例如 Asia/Shanghai、UTC 或 +08:00。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="131"/>
        <source>Give at least one input: sensors with observations, feedback points or a result-field layer.</source>
        <translation>请至少提供一种输入：传感器及其观测数据、居民反馈点，或其他工具的结果字段图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="58"/>
        <source>Give at least one level, e.g. 50,80,95.</source>
        <translation>请至少给出一个层级，例如 50,80,95。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="88"/>
        <source>Grid cells suppressed (fewer than k residents)</source>
        <translation>被抑制的格网单元（居民少于 k）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="102"/>
        <source>Group field for dissolving</source>
        <translation>融合分组字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="222"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="115"/>
        <source>Health check report</source>
        <translation>体检报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="176"/>
        <source>Home locations (and stays at home) are generalised to the centres of {cell} m grid cells.</source>
        <translation>居住地（及在家的停留）已泛化到 {cell} 米格网单元的中心。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="76"/>
        <source>Homes (individual)</source>
        <translation>居住地（个体）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="84"/>
        <source>Homes found</source>
        <translation>识别的居住地数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="33"/>
        <source>Housing</source>
        <translation>住房</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="71"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="114"/>
        <source>Ignore activities farther from home than (m)</source>
        <translation>忽略距居住地超过此距离的活动（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="36"/>
        <source>Import project red line (standard TXT or GBK shapefile)</source>
        <translation>导入项目红线（部标准 TXT 或 GBK 编码 Shapefile）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="230"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="85"/>
        <source>Indicator report (HTML)</source>
        <translation>指标与预警报告（HTML）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="540"/>
        <source>Indicator system</source>
        <translation>指标体系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="248"/>
        <source>Indicator system (YAML, default: the shipped one)</source>
        <translation>指标体系（YAML，默认使用插件自带的）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="265"/>
        <source>Indicator values</source>
        <translation>指标值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="122"/>
        <source>Indicators and early warnings</source>
        <translation>指标监测与分级预警</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="29"/>
        <source>Indicators and monitoring</source>
        <translation>指标与监测预警</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="53"/>
        <source>Indicators not evaluated</source>
        <translation>未评估的指标</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="383"/>
        <source>Individual activity spaces are personal data: they are written only when “Write individual activity spaces” is checked.</source>
        <translation>个体活动空间属于个人数据：只有勾选“输出个体活动空间”时才会输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="521"/>
        <source>Individual activity spaces were written: handle this output as personal data.</source>
        <translation>已输出个体活动空间：请将该输出作为个人数据妥善处理。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="161"/>
        <source>Individual stays and homes are personal data: they are written only when “Write individual stays and homes” is checked. Only the k-anonymous summary was written.</source>
        <translation>个体停留与居住地属于个人数据：只有勾选“输出个体停留与居住地”时才会输出。本次仅输出了 k-匿名汇总。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="57"/>
        <source>Input left out</source>
        <translation>未参与计算的输入</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="43"/>
        <source>Invalid configuration file “{file}”: {detail}</source>
        <translation>配置文件“{file}”无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="41"/>
        <source>Invalid geometry in layer “{layer}”, feature {feature}: {detail}</source>
        <translation>图层“{layer}”的要素 {feature} 几何无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="40"/>
        <source>Invalid input: {detail}</source>
        <translation>输入无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="227"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="78"/>
        <source>Join roads where they cross</source>
        <translation>道路交叉处相互连通</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="56"/>
        <source>Keep exact home locations (not generalised)</source>
        <translation>保留精确居住地位置（不泛化）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="116"/>
        <source>Kernel bandwidth (m)</source>
        <translation>核密度带宽（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="119"/>
        <source>Key figures (JSON)</source>
        <translation>关键指标（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="160"/>
        <source>Kind of unit</source>
        <translation>单元类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="102"/>
        <source>Known truth (JSON)</source>
        <translation>已知真值（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="401"/>
        <source>Land-use code “{code}” of plan feature {feature}: {status} {suggestion}</source>
        <translation>地块 {feature} 的用地代码“{code}”：{status} {suggestion}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="234"/>
        <source>Last {days} days</source>
        <translation>最近 {days} 天</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="72"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="185"/>
        <source>Layer roles for non-standard names (layer=role; …)</source>
        <translation>非标准图层名的角色指定（图层=角色; …）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="47"/>
        <source>Layer roles must be written layer=role; “{item}” is not.</source>
        <translation>图层角色应写成“图层=角色”；“{item}”不符合。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="129"/>
        <source>Layer to check</source>
        <translation>待检查图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="37"/>
        <source>Layer to publish</source>
        <translation>要上报的图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="106"/>
        <source>Layer “{layer}” did not pass the data-quality gate: {errors} errors, {warnings} warnings (score {score}).</source>
        <translation>图层“{layer}”未通过数据质检：错误 {errors} 个，警告 {warnings} 个（得分 {score}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="92"/>
        <source>Layer “{layer}” has no coordinate reference system (.prj).</source>
        <translation>图层“{layer}”没有坐标参考系（.prj）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="46"/>
        <source>Layer “{layer}” has no features.</source>
        <translation>图层“{layer}”没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="45"/>
        <source>Layer “{layer}” has no field “{field}”.</source>
        <translation>图层“{layer}”缺少字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="48"/>
        <source>Layer “{layer}” has no usable road lines (after the road filter).</source>
        <translation>图层“{layer}”没有可用的道路线（已应用道路筛选）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="160"/>
        <source>Layer “{layer}” lacks the fields of group “{group}” ({fields}): the group is left out.</source>
        <translation>图层“{layer}”缺少人群“{group}”的字段（{fields}），该人群不参与分析。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="266"/>
        <source>Layer “{layer}” matches no one-map role and is not used.</source>
        <translation>图层“{layer}”未匹配任何“一张图”角色，未参与审查。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="104"/>
        <source>Layers written</source>
        <translation>写入的图层数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="569"/>
        <source>Left out: {count} {what}.</source>
        <translation>未参与计算：{count} 个{what}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="617"/>
        <source>Legal basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="45"/>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="83"/>
        <source>Level field (crossings join only on the same level)</source>
        <translation>层级字段（仅同一层级的交叉处连通）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="54"/>
        <source>Levels must be percentages between 0 and 100: {value}</source>
        <translation>层级必须是 0 到 100 之间的百分比：{value}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="137"/>
        <source>Life circle statistics</source>
        <translation>生活圈统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="25"/>
        <source>Life circles</source>
        <translation>生活圈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="78"/>
        <source>Life circles from trajectories (bottom-up)</source>
        <translation>基于轨迹的生活圈（自下而上）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="94"/>
        <source>Life circles to draw</source>
        <translation>输出方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="134"/>
        <source>Life circles written</source>
        <translation>已输出的生活圈数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="241"/>
        <source>Live refresh every</source>
        <translation>实时刷新间隔</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="80"/>
        <source>Load as layer</source>
        <translation>加载为图层</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="220"/>
        <source>Load datastreams</source>
        <translation>加载数据流</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="51"/>
        <source>Load feedback</source>
        <translation>加载反馈</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="220"/>
        <source>Loaded {count} features of “{collection}” in {pages} page(s).</source>
        <translation>已分 {pages} 页加载“{collection}”的 {count} 个要素。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="347"/>
        <source>Loading datastreams</source>
        <translation>正在加载数据流</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="348"/>
        <source>Loading datastreams…</source>
        <translation>正在加载数据流……</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="100"/>
        <source>Loading feedback…</source>
        <translation>正在加载反馈…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="105"/>
        <source>Loading residents' feedback</source>
        <translation>加载居民反馈</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="196"/>
        <source>Loading “{collection}”</source>
        <translation>加载“{collection}”</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="182"/>
        <source>Loading “{collection}”…</source>
        <translation>正在加载“{collection}”…</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="101"/>
        <source>Local time zone for night hours</source>
        <translation>判定夜间时段的当地时区</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="424"/>
        <source>Lorenz curves of accessibility</source>
        <translation>可达性洛伦兹曲线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="57"/>
        <source>Manual review</source>
        <translation>需人工复核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="712"/>
        <source>Maps: the conflict in red, the control layer in green, plan features in grey.</source>
        <translation>示意图：红色为冲突部分，绿色为管控图层，灰色为规划地块。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="77"/>
        <source>Maximal covering (MCLP): most people covered by p new sites</source>
        <translation>最大覆盖模型（MCLP）：p 个新设施覆盖最多人口</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="93"/>
        <source>Maximum snapping distance (m)</source>
        <translation>最大吸附距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="112"/>
        <source>Minimum nights at home</source>
        <translation>居家最少夜数</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="104"/>
        <source>Minimum stay duration (minutes)</source>
        <translation>最短停留时长（分钟）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="89"/>
        <source>Mobile trajectories (points)</source>
        <translation>移动轨迹（点）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="75"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="77"/>
        <source>Monitor</source>
        <translation>监测</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="48"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="45"/>
        <source>Network distance to nearest facility</source>
        <translation>到最近设施的路网距离</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="87"/>
        <source>New sites to build (p)</source>
        <translation>新建设施数量（p）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="89"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="111"/>
        <source>Night ends at (local hour)</source>
        <translation>夜间结束时刻（当地时间，时）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="110"/>
        <source>Night starts at (local hour)</source>
        <translation>夜间开始时刻（当地时间，时）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="32"/>
        <source>No activity to map: {detail}</source>
        <translation>没有可制图的活动：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="44"/>
        <source>No attribute file (.dbf) beside “{file}”.</source>
        <translation>“{file}”旁没有属性文件（.dbf）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="50"/>
        <source>No bands given.</source>
        <translation>未给出圈层。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="296"/>
        <source>No connection</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="141"/>
        <source>No connection: add one.</source>
        <translation>没有连接：请新建一个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="78"/>
        <source>No data-quality schema is known for collection “{collection}”: choose one (SCHEMA), the platform takes data only through the quality gate.</source>
        <translation>没有数据集“{collection}”的质检模式：请选择一个（SCHEMA），平台只接收通过质检的数据。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="149"/>
        <source>No data-quality schema is known for “{collection}”: choose one.</source>
        <translation>没有“{collection}”的质检模式：请选择一个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="103"/>
        <source>No dataset schema matches the layer name “{layer}”: choose a schema or a schema file.</source>
        <translation>没有与图层名称“{layer}”匹配的数据标准：请选择数据标准或数据标准文件。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="156"/>
        <source>No feature is selected.</source>
        <translation>没有选中要素。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="421"/>
        <source>No gaps found.</source>
        <translation>未发现缺口。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="44"/>
        <source>No indicator reached a warning level in the period.</source>
        <translation>评估期内没有指标达到预警等级。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="626"/>
        <source>No layer with this role was given.</source>
        <translation>未提供该角色的图层。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="459"/>
        <source>No observations in the chosen period; choose a longer period (or “Everything”).</source>
        <translation>所选时段内没有观测数据，请选择更长的时段（或“全部”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="46"/>
        <source>No one-map layer was given or recognised (give layers or a GeoPackage/FileGDB).</source>
        <translation>未提供或未识别出任何“一张图”图层（请指定图层，或 GeoPackage / FileGDB 数据库）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="600"/>
        <source>No rule of this group in the rule set.</source>
        <translation>规则集中没有本类规则。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="415"/>
        <source>No trajectories were given: the trajectory life circles were not computed (the outputs are empty).</source>
        <translation>未提供居民轨迹：未计算轨迹生活圈（输出为空）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="33"/>
        <source>No usable trajectory points in “{layer}”.</source>
        <translation>“{layer}”中没有可用的轨迹点。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="291"/>
        <source>No walking life circles given: the share inside them and the IoU are not computed.</source>
        <translation>未提供步行生活圈：不计算其内活动占比与交并比（IoU）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="71"/>
        <source>Node snapping tolerance (m)</source>
        <translation>节点捕捉容差（米）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="623"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="59"/>
        <source>Not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="573"/>
        <source>Not evaluated: {indicator} — {reason}.</source>
        <translation>未评估：{indicator}——{reason}。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="161"/>
        <source>Not found on the platform at {host} (HTTP 404): {url}</source>
        <translation>在平台 {host} 上未找到（HTTP 404）：{url}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="278"/>
        <source>Number of warnings</source>
        <translation>预警数量</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="49"/>
        <source>OGC API - Features URL</source>
        <translation>OGC API - Features 地址</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="128"/>
        <source>Objective value</source>
        <translation>目标函数值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="181"/>
        <source>Observation sensor id field</source>
        <translation>观测数据的传感器编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="191"/>
        <source>Observation time field</source>
        <translation>观测时间字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="201"/>
        <source>Observation value field</source>
        <translation>观测值字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="95"/>
        <source>One circle per origin</source>
        <translation>每个起点一个生活圈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="86"/>
        <source>One map: control units (KZDY)</source>
        <translation>一张图：控制单元（KZDY）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="82"/>
        <source>One map: ecological protection red line (STBHHX)</source>
        <translation>一张图：生态保护红线（STBHHX）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="83"/>
        <source>One map: permanent basic farmland (YJJBNT)</source>
        <translation>一张图：永久基本农田（YJJBNT）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="85"/>
        <source>One map: planning zones (GHFQ)</source>
        <translation>一张图：规划分区（GHFQ）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="87"/>
        <source>One map: road red lines (DLHX)</source>
        <translation>一张图：道路红线（DLHX）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="88"/>
        <source>One map: urban control lines (green, blue, purple, yellow)</source>
        <translation>一张图：城市绿线、蓝线、紫线、黄线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="84"/>
        <source>One map: urban development boundary (CZKFBJ)</source>
        <translation>一张图：城镇开发边界（CZKFBJ）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="177"/>
        <source>One-map database (GeoPackage or FileGDB)</source>
        <translation>“一张图”数据库（GeoPackage 或 FileGDB）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="180"/>
        <source>One-map databases (*.gpkg *.gdb *.gdbtable);;All files (*.*)</source>
        <translation>“一张图”数据库 (*.gpkg *.gdb *.gdbtable);;所有文件 (*.*)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="169"/>
        <source>One-map layers (roles recognised by layer name)</source>
        <translation>“一张图”图层（按图层名识别角色）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="67"/>
        <source>Only features in this extent</source>
        <translation>仅此范围内的要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="72"/>
        <source>Only features in this time interval (ISO 8601, e.g. 2026-03-01T00:00:00+08:00/..)</source>
        <translation>仅此时间段内的要素（ISO 8601，例如 2026-03-01T00:00:00+08:00/..）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="77"/>
        <source>Only the current map extent</source>
        <translation>仅当前地图范围</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="100"/>
        <source>Open the styled layers when done</source>
        <translation>完成后打开带样式的图层</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="95"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="56"/>
        <source>Operations in conflict</source>
        <translation>冲突操作数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="55"/>
        <source>Operations refused by the platform</source>
        <translation>被平台拒绝的操作数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="53"/>
        <source>Operations sent</source>
        <translation>已发送操作数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="54"/>
        <source>Operations still pending</source>
        <translation>仍待发送操作数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="60"/>
        <source>Origin id field</source>
        <translation>起点标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="103"/>
        <source>Origin-destination pairs written</source>
        <translation>已输出的起讫点对数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="93"/>
        <source>Origin-destination table within the cutoff</source>
        <translation>限定距离内的起讫点（OD）表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="54"/>
        <source>Origins (points or polygons)</source>
        <translation>起点（点或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="133"/>
        <source>Origins not on the network</source>
        <translation>未能吸附到路网的起点数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="37"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="108"/>
        <source>Out-and-back jumps longer than (m, 0 = no check)</source>
        <translation>往返跳点距离超过（米，0 表示不检查）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="88"/>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="230"/>
        <source>Overall verdict</source>
        <translation>综合结论</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="361"/>
        <source>Overall verdict: {verdict}. Not conforming: {fail}; manual review: {review}; could not evaluate: {error}.</source>
        <translation>综合结论：{verdict}。不符合：{fail} 个地块；需人工复核：{review} 个；无法评价：{error} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="654"/>
        <source>Overlap, ellipsoidal (m²)</source>
        <translation>重叠面积，椭球（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="655"/>
        <source>Overlap, planar (m²)</source>
        <translation>重叠面积，平面（平方米）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="301"/>
        <source>Overwrite theirs</source>
        <translation>覆盖平台版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="386"/>
        <source>PASSED</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="111"/>
        <source>Parameters of the run, listed in the report (name=value; …)</source>
        <translation>本次运行的参数，列入报告（名称=值；…）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="141"/>
        <source>Parcel {row}: {warning}</source>
        <translation>地块 {row}：{warning}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="69"/>
        <source>Parcels read</source>
        <translation>读取的地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="183"/>
        <source>Passed (1) or failed (0)</source>
        <translation>通过（1）或未通过（0）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="50"/>
        <source>Peak value</source>
        <translation>峰值</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="420"/>
        <source>People outside the radius</source>
        <translation>半径外人数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="238"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="587"/>
        <source>Plan</source>
        <translation>规划方案</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="27"/>
        <source>Plan conformity</source>
        <translation>规划符合性审查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="151"/>
        <source>Plan conformity review (one map)</source>
        <translation>规划符合性审查（一张图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="579"/>
        <source>Plan conformity review report</source>
        <translation>规划符合性审查报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="717"/>
        <source>Plan feature</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="380"/>
        <source>Plan feature {feature} could not be evaluated ({rule}): {reason}</source>
        <translation>地块 {feature} 无法评价（{rule}）：{reason}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="588"/>
        <source>Plan features</source>
        <translation>地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="232"/>
        <source>Plan features for manual review</source>
        <translation>需人工复核的地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="233"/>
        <source>Plan features that could not be evaluated</source>
        <translation>无法评价的地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="231"/>
        <source>Plan features that do not conform</source>
        <translation>不符合的地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="162"/>
        <source>Plan or project red line (polygons)</source>
        <translation>规划方案或项目红线（面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="71"/>
        <source>Plan parcels (for the maps)</source>
        <translation>规划地块（用于制图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="81"/>
        <source>Planned land-use parcels</source>
        <translation>规划地块</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="223"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="33"/>
        <source>Platform URL (instead of a saved connection)</source>
        <translation>平台地址（代替已保存的连接）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="34"/>
        <source>Platform connection</source>
        <translation>平台连接</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="85"/>
        <source>Points dropped in cleaning</source>
        <translation>清洗中剔除的点数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="66"/>
        <source>Polygons start from their whole area (roads inside and along the edge)</source>
        <translation>面状起点以整个范围为起点（内部及边缘道路）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="32"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="152"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="121"/>
        <source>Population field of the compounds</source>
        <translation>小区人口字段</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="94"/>
        <source>Population raster (total population by zonal sums, optional)</source>
        <translation>人口栅格（按分区求和得到总人口，可选）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="185"/>
        <source>Population raster: {assigned:.0f} people in the units, {unassigned:.0f} outside them.</source>
        <translation>人口栅格：单元内 {assigned:.0f} 人，单元外 {unassigned:.0f} 人。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="717"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="200"/>
        <source>Project attributes (name=value; …, e.g. activity_class=5; major_project=1)</source>
        <translation>项目属性（名称=值; …，如 activity_class=5; major_project=1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="49"/>
        <source>Project attributes must be written name=value; “{item}” is not.</source>
        <translation>项目属性应写成“名称=值”；“{item}”不符合。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="78"/>
        <source>Proposed facility sites</source>
        <translation>建议选址</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="70"/>
        <source>Public service facilities (for the maps)</source>
        <translation>公共服务设施（用于制图）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="75"/>
        <source>Publish</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="34"/>
        <source>Publish a layer to the platform</source>
        <translation>将图层上报到平台</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="46"/>
        <source>Publish despite quality warnings</source>
        <translation>有质检警告时仍然上报</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="212"/>
        <source>Publishing (OGC API - Features Part 4): {answer}.</source>
        <translation>数据上报（OGC API - Features 第 4 部分）：{answer}。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/connections.py" line="122"/>
        <source>QGIS could not store the authentication configuration (master password not set?).</source>
        <translation>QGIS 无法保存认证配置（未设置主密码？）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/tasks.py" line="25"/>
        <source>QGIS keeps the platform's user names, passwords and tokens in its own encrypted authentication database, never in project files or settings. To open that database QGIS asks once per session for its master password. If you have never set one, the password you type now becomes it: choose one you will remember, it cannot be recovered. This is QGIS's own dialog, not the platform's login.</source>
        <translation>QGIS 将平台的用户名、密码和访问令牌保存在自身加密的认证数据库中，绝不写入工程文件或设置。为打开该数据库，QGIS 每次启动后会询问一次主密码。如果您从未设置过主密码，现在输入的密码即成为主密码：请选择一个能记住的密码，它无法找回。这是 QGIS 自身的对话框，不是平台的登录。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/tasks.py" line="43"/>
        <source>QGIS master password</source>
        <translation>QGIS 主密码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="57"/>
        <source>Quality errors</source>
        <translation>质检错误数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="150"/>
        <source>Quality findings</source>
        <translation>质检问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="160"/>
        <source>Quality report</source>
        <translation>质检报告</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="75"/>
        <source>Quality schema</source>
        <translation>质检模式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="182"/>
        <source>Quality score (0-100)</source>
        <translation>质量得分（0-100）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="155"/>
        <source>Quality summary (per check)</source>
        <translation>质检汇总（按检查项）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="198"/>
        <source>Quality warnings</source>
        <translation>质检警告</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="420"/>
        <source>Radius</source>
        <translation>服务半径</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="48"/>
        <source>Raised for window</source>
        <translation>发布预警的时间窗</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="75"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="418"/>
        <source>Ranked gap list</source>
        <translation>缺口排序清单</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="98"/>
        <source>Reading the catalog…</source>
        <translation>正在读取数据目录…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="103"/>
        <source>Reading the platform catalog</source>
        <translation>读取平台数据目录</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="207"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="95"/>
        <source>Reason</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="64"/>
        <source>Red line</source>
        <translation>用地红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="48"/>
        <source>Red-line file (TXT or SHP)</source>
        <translation>红线文件（TXT 或 SHP）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="43"/>
        <source>Red-line file “{file}”, line {line}: {detail}</source>
        <translation>红线坐标文件“{file}”第 {line} 行：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="50"/>
        <source>Red-line files (*.txt *.TXT *.shp *.SHP);;All files (*.*)</source>
        <translation>红线文件 (*.txt *.TXT *.shp *.SHP);;所有文件 (*.*)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="64"/>
        <source>Refresh list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="82"/>
        <source>Refresh loaded layer (new since last load)</source>
        <translation>刷新已加载图层（上次加载后的新数据）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="248"/>
        <source>Refresh now</source>
        <translation>立即刷新</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="440"/>
        <source>Refreshing sensor observations</source>
        <translation>正在刷新传感器观测数据</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="248"/>
        <source>Refreshing “{collection}”</source>
        <translation>刷新“{collection}”</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="319"/>
        <source>Remove {count} operation(s) from the outbox? Unsent changes are lost.</source>
        <translation>从发件箱中移除 {count} 个操作？未发送的修改将丢失。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="179"/>
        <source>Rename fields of the repaired copy to the schema's names</source>
        <translation>修复副本的字段改用数据标准中的字段名</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="166"/>
        <source>Repaired copy</source>
        <translation>修复副本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="358"/>
        <source>Repaired copy: nothing needed repair; the copy equals the input.</source>
        <translation>修复副本：无需修复，副本与输入相同。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="355"/>
        <source>Repaired copy: {action} × {count}.</source>
        <translation>修复副本：{action} × {count}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="275"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="420"/>
        <source>Required</source>
        <translation>必配</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="92"/>
        <source>Resident feedback</source>
        <translation>居民反馈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="113"/>
        <source>Residential compounds (for population)</source>
        <translation>居住小区（用于统计人口）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="79"/>
        <source>Residential compounds and population</source>
        <translation>居住小区与人口</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="77"/>
        <source>Residential units (compounds or buildings with population)</source>
        <translation>居住单元（带人口的小区或建筑）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="76"/>
        <source>Residential units with gap fields</source>
        <translation>含缺口字段的居住单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="80"/>
        <source>Residential units with gaps</source>
        <translation>居住单元缺口</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="103"/>
        <source>Residents</source>
        <translation>居民人数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="152"/>
        <source>Residents with a detected home</source>
        <translation>识别出居住地的居民数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="36"/>
        <source>Residents' feedback</source>
        <translation>居民反馈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="224"/>
        <source>Results of other tools (facility gaps, life circles)</source>
        <translation>其他工具的结果（设施缺口、生活圈）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="108"/>
        <source>Retry / resolve selected</source>
        <translation>重试/处理所选</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="222"/>
        <source>Review report</source>
        <translation>审查报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="95"/>
        <source>Road centre lines</source>
        <translation>道路中心线</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="155"/>
        <source>Road feature {feature} of “{layer}” was skipped: {reason}.</source>
        <translation>图层“{layer}”的道路要素 {feature} 已跳过：{reason}。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="60"/>
        <source>Road network</source>
        <translation>道路网络</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="69"/>
        <source>Roads (for the maps)</source>
        <translation>道路（用于制图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="607"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="589"/>
        <source>Rule set</source>
        <translation>规则集</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="191"/>
        <source>Rule set (YAML; empty = the built-in Chinese rule set)</source>
        <translation>审查规则集（YAML；留空则使用内置中文规则集）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="246"/>
        <source>Rule set: {name} ({count} rules enabled).</source>
        <translation>规则集：{name}（启用 {count} 条规则）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="373"/>
        <source>Rule {rule} was not checked: no layer with the role “{role}”.</source>
        <translation>规则 {rule} 未检查：没有角色为“{role}”的图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="29"/>
        <source>Saved platform connection (name)</source>
        <translation>已保存的平台连接（名称）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="62"/>
        <source>Search collections…</source>
        <translation>搜索数据集…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="79"/>
        <source>Search cutoff (m, 0 = none)</source>
        <translation>搜索上限距离（米，0 表示不限）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="189"/>
        <source>Select a feedback item first.</source>
        <translation>请先选择一条反馈。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="232"/>
        <source>Select a layer that was loaded from the platform.</source>
        <translation>请选择从平台加载的图层。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="59"/>
        <source>Selected features only</source>
        <translation>仅选中要素</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="107"/>
        <source>Send now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="49"/>
        <source>Send now (else only journal in the outbox)</source>
        <translation>立即发送（否则只记入发件箱）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="133"/>
        <source>Sending stopped: {reason} The rest stays in the outbox and will be retried.</source>
        <translation>发送已停止：{reason} 其余操作保留在发件箱中，稍后重试。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="168"/>
        <source>Sending the outbox</source>
        <translation>发送发件箱</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="165"/>
        <source>Sensor id field</source>
        <translation>传感器编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="390"/>
        <source>Sensor indicators need both the sensors and their observations; they are skipped.</source>
        <translation>传感器类指标需要同时提供传感器图层和观测数据，已跳过。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="170"/>
        <source>Sensor kind field</source>
        <translation>传感器类型字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="544"/>
        <source>Sensor observations</source>
        <translation>传感器观测数据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="91"/>
        <source>Sensor observations (table)</source>
        <translation>传感器观测数据（表）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="50"/>
        <source>SensorThings URL (optional)</source>
        <translation>SensorThings 地址（可选）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="217"/>
        <source>SensorThings service: reachable ({count} entity sets).</source>
        <translation>SensorThings 服务：可访问（{count} 类实体）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="35"/>
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="106"/>
        <source>Sensors: {sensors}.</source>
        <translation>涉及传感器：{sensors}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/panel.py" line="175"/>
        <source>Sent {sent}, failed {failed}, conflicts {conflicts}, still pending {pending}.</source>
        <translation>已发送 {sent}，失败 {failed}，冲突 {conflicts}，仍待发送 {pending}。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="419"/>
        <source>Served group</source>
        <translation>服务人群</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="178"/>
        <source>Server said: {text}</source>
        <translation>服务器提示：{text}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="93"/>
        <source>Service radius (m, 0 = the profile's radius)</source>
        <translation>服务半径（米，0 表示采用标准配置半径）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="79"/>
        <source>Set covering (LSCP): fewest new sites covering everyone</source>
        <translation>集合覆盖模型（LSCP）：覆盖全部居民所需的最少新设施</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="83"/>
        <source>Set status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="420"/>
        <source>Share within radius</source>
        <translation>半径内比例</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="267"/>
        <source>Show the current warning level of each community on the map</source>
        <translation>在地图上显示各社区当前预警等级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="127"/>
        <source>Sites chosen</source>
        <translation>选中用地数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="85"/>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="657"/>
        <source>Sliver</source>
        <translation>疑似碎屑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="111"/>
        <source>Solver time limit (s, 0 = none)</source>
        <translation>求解时间上限（秒，0 表示不限）</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="164"/>
        <source>Someone else changed this feature on the platform at {host} since you loaded it (HTTP {status}).</source>
        <translation>自您加载以来，已有他人在平台 {host} 上修改了此要素（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="65"/>
        <source>Sources of the thresholds</source>
        <translation>阈值依据</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="107"/>
        <source>Speed of outlier spikes (m/s, 0 = no check)</source>
        <translation>异常跳点速度（米/秒，0 表示不检查）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="42"/>
        <source>Standards profile</source>
        <translation>标准配置</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="65"/>
        <source>Standards profile: {title} ({chain}).</source>
        <translation>标准配置：{title}（{chain}）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="95"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="55"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="209"/>
        <source>Status of {fid} set to “{status}”; journaled in the outbox and being sent.</source>
        <translation>{fid} 的状态已设为“{status}”，已记入发件箱并正在发送。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="38"/>
        <source>Stay points and homes from trajectories</source>
        <translation>由轨迹识别停留点与居住地</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="103"/>
        <source>Stay radius (m)</source>
        <translation>停留半径（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="61"/>
        <source>Stay summary grid (k-anonymous)</source>
        <translation>停留汇总格网（k-匿名）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="28"/>
        <source>Stay thresholds must be positive: {detail}</source>
        <translation>停留阈值必须为正数：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="67"/>
        <source>Stays (individual)</source>
        <translation>停留（个体）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="113"/>
        <source>Stays closer than this are one place (m)</source>
        <translation>距离小于此值的停留视为同一地点（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="83"/>
        <source>Stays found</source>
        <translation>识别的停留数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="112"/>
        <source>Still active at the end of the period.</source>
        <translation>评估期结束时仍在预警中。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="145"/>
        <source>Stop with an error when the layer has errors</source>
        <translation>图层有错误时以错误结束</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="94"/>
        <source>Sub-district boundary</source>
        <translation>街道边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="33"/>
        <source>Sub-districts</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="718"/>
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="47"/>
        <source>Summary grid cell (m)</source>
        <translation>汇总格网单元（米）</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="43"/>
        <source>TD/T 1062-2021 (community life circles)</source>
        <translation>TD/T 1062-2021（社区生活圈规划技术指南）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="39"/>
        <source>Target collection id</source>
        <translation>目标数据集编号</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="92"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="203"/>
        <source>Testing the platform connection</source>
        <translation>测试平台连接</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="189"/>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="63"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="56"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="378"/>
        <source>Text was decoded with the wrong encoding when the layer was read. For a shapefile without a .cpg file, set the data source encoding to GBK (layer properties › Source) or add a .cpg file containing GBK, then check again.</source>
        <translation>读取图层时文本按错误的编码解码。对没有 .cpg 文件的 Shapefile，请将数据源编码设为 GBK（图层属性 › 源），或添加内容为 GBK 的 .cpg 文件，然后重新检查。</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="37"/>
        <source>The Python package “{package}” is missing, so these tools are disabled: {tools}. Install it with: {hint}</source>
        <translation>缺少 Python 依赖包“{package}”，以下工具已停用：{tools}。安装方法：{hint}</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/sensorthings.py" line="136"/>
        <source>The SensorThings service answered {url} without a list of entities.</source>
        <translation>SensorThings 服务对 {url} 的响应中没有实体列表。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="140"/>
        <source>The access token for {host} has expired (HTTP 401). Ask the platform administrator for a new token and store it in the connection's authentication configuration.</source>
        <translation>{host} 的访问令牌已过期（HTTP 401）。请向平台管理员申请新令牌，并保存到连接的认证配置中。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="203"/>
        <source>The authentication configuration “{authcfg}” cannot be read: it is missing, or the QGIS master password was not given.</source>
        <translation>无法读取认证配置“{authcfg}”：配置不存在，或未输入 QGIS 主密码。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="53"/>
        <source>The buffer width must be positive.</source>
        <translation>缓冲宽度必须为正数。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/publish.py" line="97"/>
        <source>The data passed the data-quality gate.</source>
        <translation>数据已通过质检。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/publish.py" line="93"/>
        <source>The data-quality gate found {warnings} warning(s). Publish anyway only if you accept them.</source>
        <translation>质检发现 {warnings} 个警告。只有在您接受这些警告时才可继续上报。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/publish.py" line="83"/>
        <source>The data-quality gate refused the data: {errors} error(s), {warnings} warning(s). Fix the errors first.</source>
        <translation>数据未通过质检：{errors} 个错误，{warnings} 个警告。请先修正错误。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="31"/>
        <source>The density grid would have {cells} cells; use a larger cell size.</source>
        <translation>密度格网将有 {cells} 个单元，请使用更大的单元尺寸。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="30"/>
        <source>The grid cell size must be positive (got {cell}).</source>
        <translation>格网单元大小必须为正数（当前为 {cell}）。</translation>
    </message>
    <message>
        <location filename="../processing/bridge.py" line="62"/>
        <source>The layer has no valid coordinate reference system.</source>
        <translation>图层没有有效的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="29"/>
        <source>The optimisation did not finish: {detail}</source>
        <translation>优化求解未完成：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="66"/>
        <source>The output must be a GeoPackage (.gpkg) file: {path}</source>
        <translation>输出必须是 GeoPackage（.gpkg）文件：{path}</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/ogcapi.py" line="399"/>
        <source>The platform answered {url} without a list of features.</source>
        <translation>平台对 {url} 的响应中没有要素列表。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="110"/>
        <source>The platform at {host} answered with a web page instead of data (HTTP {status}).</source>
        <translation>平台 {host} 返回的是网页而不是数据（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="293"/>
        <source>The platform at {host} did not answer in time ({seconds} s).</source>
        <translation>平台 {host} 未在规定时间内响应（{seconds} 秒）。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/ogcapi.py" line="344"/>
        <source>The platform at {host} did not confirm the new feature (HTTP {status}, no Location).</source>
        <translation>平台 {host} 未确认新增要素（HTTP {status}，无 Location）。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="146"/>
        <source>The platform at {host} does not accept this access token (HTTP 401). Check the token stored in the connection's authentication configuration.</source>
        <translation>平台 {host} 不接受此访问令牌（HTTP 401）。请检查连接认证配置中保存的令牌。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="172"/>
        <source>The platform at {host} had an internal problem (HTTP {status}); try again later.</source>
        <translation>平台 {host} 出现内部错误（HTTP {status}），请稍后再试。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="169"/>
        <source>The platform at {host} is busy (HTTP 429); the request will be retried later.</source>
        <translation>平台 {host} 繁忙（HTTP 429），请求将稍后重试。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="152"/>
        <source>The platform at {host} refused the user name or password (HTTP 401). Check the connection's authentication configuration.</source>
        <translation>平台 {host} 拒绝了用户名或密码（HTTP 401）。请检查连接的认证配置。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="175"/>
        <source>The platform at {host} rejected the request (HTTP {status}).</source>
        <translation>平台 {host} 拒绝了请求（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="121"/>
        <source>The platform at {host} sent data that is not valid JSON (HTTP {status}).</source>
        <translation>平台 {host} 返回的数据不是有效的 JSON（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="481"/>
        <source>The platform could not be read: {message}</source>
        <translation>无法读取平台数据：{message}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="105"/>
        <source>The platform does not accept new data (no OGC API - Features Part 4 transactions).</source>
        <translation>平台不接收新数据（不支持 OGC API - Features 第 4 部分事务）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="148"/>
        <source>The platform matched {matched} features but sent {count}.</source>
        <translation>平台匹配 {matched} 个要素，但只返回了 {count} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="324"/>
        <source>The repaired copy can only be reprojected to an EPSG CRS.</source>
        <translation>修复副本只能投影到 EPSG 坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="49"/>
        <source>The road filter expression is invalid: {detail}</source>
        <translation>道路筛选表达式无效：{detail}</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="45"/>
        <source>The road layer “{layer}” must be in a metric CRS, not a geographic one.</source>
        <translation>道路图层“{layer}”必须使用米制投影坐标系，而不是地理坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="227"/>
        <source>The solver stopped at the time limit: the sites are good but not proven best ({status}).</source>
        <translation>求解器达到时间上限：所选用地较优，但未被证明为最优（{status}）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="52"/>
        <source>The walking speed must be positive.</source>
        <translation>步行速度必须为正数。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="127"/>
        <source>There is no facility of type “{fac_type}” at all: every unit lacks it.</source>
        <translation>没有任何“{fac_type}”类设施：所有单元均缺少该设施。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="51"/>
        <source>There is no platform connection named “{name}”.</source>
        <translation>没有名为“{name}”的平台连接。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="237"/>
        <source>This collection has no time field: load it again to refresh.</source>
        <translation>该数据集没有时间字段：请重新加载以刷新。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="122"/>
        <source>Time spent (hours)</source>
        <translation>停留时长（小时）</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="97"/>
        <source>Time zone of timestamps without offset</source>
        <translation>不带时区偏移的时间戳所用时区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="51"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="57"/>
        <source>Timestamp field (text or date/time)</source>
        <translation>时间戳字段（文本或日期时间）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="75"/>
        <source>Trajectory life circle statistics</source>
        <translation>轨迹生活圈统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="74"/>
        <source>Trajectory life circles</source>
        <translation>轨迹生活圈</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="49"/>
        <source>Trajectory points</source>
        <translation>轨迹点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="82"/>
        <source>Trajectory users</source>
        <translation>轨迹用户数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="53"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="47"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="146"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="232"/>
        <source>Unit id field of the results</source>
        <translation>结果表的单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="128"/>
        <source>Unit id “{unit}” appears more than once in layer “{layer}”.</source>
        <translation>图层“{layer}”中单元编号“{unit}”重复出现。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="539"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="143"/>
        <source>Units (communities)</source>
        <translation>评估单元（社区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="129"/>
        <source>Units no candidate can cover</source>
        <translation>任何候选用地都无法覆盖的单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="94"/>
        <source>Units not on the network</source>
        <translation>未接入路网的单元数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="217"/>
        <source>Unknown collection “{collection}”: refresh the catalog.</source>
        <translation>未知数据集“{collection}”：请刷新数据目录。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="102"/>
        <source>Unknown dataset schema “{schema}” (known: {known}).</source>
        <translation>未知的数据标准“{schema}”（已有：{known}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="65"/>
        <source>Unknown demo size “{size}”.</source>
        <translation>未知的示例规模“{size}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="48"/>
        <source>Unknown layer role “{role}” (known roles: {roles}).</source>
        <translation>未知的图层角色“{role}”（可用角色：{roles}）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="135"/>
        <source>Unknown time zone “{zone}”; use a name such as Asia/Shanghai, or an offset such as +08:00.</source>
        <translation>未知时区“{zone}”；请使用 Asia/Shanghai 这样的名称或 +08:00 这样的偏移。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="27"/>
        <source>Unreadable timestamps: {detail}</source>
        <translation>无法读取的时间戳：{detail}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="453"/>
        <source>Updated {time}: {new} new observations, {total} held.</source>
        <translation>{time} 已更新：新增 {new} 条观测，共 {total} 条。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="53"/>
        <source>User id field</source>
        <translation>用户标识字段</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="426"/>
        <source>Values not verified against the standard's text</source>
        <translation>未经标准原文核实的数值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="609"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="216"/>
        <source>Verdicts (one row per plan feature and rule)</source>
        <translation>审查结论表（每个地块每条规则一行）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="742"/>
        <source>Verdicts use ellipsoidal (CGCS2000) areas; planar Gauss-Kruger areas are reported beside them.</source>
        <translation>结论采用椭球面积（CGCS2000）；同时列出高斯-克吕格平面面积。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="745"/>
        <source>Verdicts use planar Gauss-Kruger areas; ellipsoidal (CGCS2000) areas are reported beside them.</source>
        <translation>结论采用高斯-克吕格平面面积；同时列出椭球面积（CGCS2000）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="122"/>
        <source>Visits</source>
        <translation>到访次数</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="65"/>
        <source>Walkable roads (expression, empty = all)</source>
        <translation>可步行道路（表达式，为空表示全部）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="77"/>
        <source>Walking distances (m)</source>
        <translation>步行距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/health_check_report.py" line="73"/>
        <source>Walking life circles</source>
        <translation>步行生活圈</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="100"/>
        <source>Walking life circles (optional, for comparison)</source>
        <translation>步行生活圈（可选，用于对比）</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="167"/>
        <source>Walking network: {nodes} nodes, {segments} segments, {km:.2f} km, {parts} connected parts.</source>
        <translation>步行路网：{nodes} 个节点，{segments} 条线段，共 {km:.2f} 千米，{parts} 个连通部分。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="85"/>
        <source>Walking speed (m/min)</source>
        <translation>步行速度（米/分钟）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="77"/>
        <source>Walking times (minutes)</source>
        <translation>步行时间（分钟）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="278"/>
        <source>Warning level</source>
        <translation>预警等级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="185"/>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="279"/>
        <source>Warnings active at the end</source>
        <translation>期末仍在预警的数量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="122"/>
        <source>Weigh activities by</source>
        <translation>活动权重依据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="52"/>
        <source>Why each warning was raised</source>
        <translation>各项预警的触发依据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="590"/>
        <source>Working CRS</source>
        <translation>计算坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="272"/>
        <source>Working CRS: {crs}.</source>
        <translation>计算坐标系：{crs}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="127"/>
        <source>Write individual activity spaces (personal data)</source>
        <translation>输出个体活动空间（个人数据）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="50"/>
        <source>Write individual stays and homes (personal data)</source>
        <translation>输出个体停留与居住地（个人数据）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/create_demo.py" line="128"/>
        <source>Wrote {layers} layers ({residents} residents) to {path}; known truth in {truth}.</source>
        <translation>已将 {layers} 个图层（{residents} 名居民）写入 {path}；已知真值见 {truth}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="433"/>
        <source>X/Y swapped back</source>
        <translation>已纠正颠倒的 X/Y</translation>
    </message>
    <message>
        <location filename="../plugin/platform_client/http.py" line="158"/>
        <source>Your account may not do this on the platform at {host} (HTTP 403).</source>
        <translation>您的账号无权在平台 {host} 上执行此操作（HTTP 403）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="78"/>
        <source>Zoom to</source>
        <translation>缩放至</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="455"/>
        <source>a 2020 trial-version code</source>
        <translation>2020 试行版代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="454"/>
        <source>a GB 50137-2011 letter code</source>
        <translation>GB 50137-2011 字母代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="451"/>
        <source>a classic mistake (old classification?)</source>
        <translation>疑似常见错误（沿用旧分类？）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="296"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="162"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="33"/>
        <source>closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="42"/>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="151"/>
        <source>coordinates that are not numbers</source>
        <translation>坐标不是有效数值</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="47"/>
        <source>create</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="47"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="149"/>
        <source>empty geometry</source>
        <translation>几何为空</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="426"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="41"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="62"/>
        <source>feedback points outside every unit</source>
        <translation>位于所有单元之外的反馈点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="64"/>
        <source>feedback points outside the evaluated period</source>
        <translation>位于评估期之外的反馈点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="63"/>
        <source>feedback points without a valid time</source>
        <translation>缺少有效时间的反馈点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="437"/>
        <source>field renamed</source>
        <translation>字段已重命名</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="432"/>
        <source>garbled text decoded</source>
        <translation>乱码已还原</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="431"/>
        <source>geometry made valid</source>
        <translation>几何已修复</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="33"/>
        <source>in progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="56"/>
        <source>it is per 1000 residents and the units have no population field</source>
        <translation>该指标按每千名居民计算，而单元缺少人口字段</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="29"/>
        <source>k-anonymity needs k &gt;= 1 (got {k}).</source>
        <translation>k-匿名要求 k ≥ 1（当前为 {k}）。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="114"/>
        <source>k-anonymity: minimum residents per published value</source>
        <translation>k-匿名：每个发布值的最少居民数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="213"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="453"/>
        <source>no code</source>
        <translation>缺少代码</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="148"/>
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="54"/>
        <source>no input data for it (give the layer or field it needs)</source>
        <translation>缺少其输入数据（请提供所需的图层或字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="261"/>
        <source>no resident has stays away from home</source>
        <translation>没有居民在居住地以外有停留</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="136"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="452"/>
        <source>not a 2023 land-use code</source>
        <translation>不是 2023 版用地用海代码</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="150"/>
        <source>not a line</source>
        <translation>不是线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="55"/>
        <source>not defined for this kind of unit</source>
        <translation>该指标不适用于此类单元</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="426"/>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="59"/>
        <source>observations of unknown sensors</source>
        <translation>来自未知传感器的观测</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="61"/>
        <source>observations outside the evaluated period</source>
        <translation>位于评估期之外的观测</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="60"/>
        <source>observations without a valid time or value</source>
        <translation>缺少有效时间或数值的观测</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="78"/>
        <source>p-median: least total walking distance with p new sites</source>
        <translation>P 中值模型：p 个新设施使总步行距离最小</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="38"/>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="47"/>
        <source>replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="436"/>
        <source>reprojected</source>
        <translation>已投影转换</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="568"/>
        <source>rows of the results without a unit or value ({what})</source>
        <translation>缺少单元或数值的结果记录（{what}）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="39"/>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="58"/>
        <source>sensors outside every unit</source>
        <translation>位于所有单元之外的传感器</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="40"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="51"/>
        <source>still active</source>
        <translation>仍在预警</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="33"/>
        <source>to do</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="375"/>
        <source>walking distance of the level: the standard states no radius</source>
        <translation>标准未规定服务半径，采用所属生活圈层级的步行距离</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="426"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="668"/>
        <source>within tolerance</source>
        <translation>容差内</translation>
    </message>
    <message>
        <location filename="../plugin/dock/connections_tab.py" line="213"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="435"/>
        <source>zone prefix added</source>
        <translation>已添加带号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="434"/>
        <source>zone prefix removed</source>
        <translation>已去除带号</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="259"/>
        <source>{added} new and {updated} changed features merged into “{layer}”.</source>
        <translation>已将 {added} 个新增、{updated} 个变更的要素合并到“{layer}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/catalog_tab.py" line="112"/>
        <source>{count} collections.</source>
        <translation>共 {count} 个数据集。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="285"/>
        <source>{count} communities have fewer than {k} residents with activity: their life circles and statistics are suppressed.</source>
        <translation>{count} 个社区有活动的居民少于 {k} 人：其生活圈与统计已被抑制。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="243"/>
        <source>{count} compounds of “{layer}” have invalid geometry and were repaired: {ids}</source>
        <translation>图层“{layer}”中有 {count} 个小区几何无效，已自动修复：{ids}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/walking_life_circles.py" line="236"/>
        <source>{count} compounds of “{layer}” have no population and count as 0.</source>
        <translation>图层“{layer}”中有 {count} 个小区缺少人口，按 0 计。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/monitor_tab.py" line="364"/>
        <source>{count} datastreams.</source>
        <translation>共 {count} 个数据流。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/network_distance.py" line="160"/>
        <source>{count} demand features reach no facility of type “{type}” within the cutoff.</source>
        <translation>有 {count} 个需求要素在上限距离内无法到达“{type}”类设施。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="173"/>
        <source>{count} existing facilities of type “{fac_type}” are kept.</source>
        <translation>保留 {count} 个现状“{fac_type}”设施。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="264"/>
        <source>{count} facilities of “{layer}” have no valid capacity: they count as capacity 0 in the accessibility scores.</source>
        <translation>图层“{layer}”中有 {count} 个设施没有有效规模，在可达性得分中按规模 0 计。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="255"/>
        <source>{count} facilities of “{layer}” have type “{fac_type}”, which the standards profile does not know: left out.</source>
        <translation>图层“{layer}”中有 {count} 个设施的类型为“{fac_type}”，标准配置中没有该类型，已排除。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_publish.py" line="122"/>
        <source>{count} features journaled in the outbox.</source>
        <translation>{count} 个要素已记入发件箱。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="153"/>
        <source>{count} features of “{collection}” downloaded in {pages} page(s), CRS {crs}.</source>
        <translation>已分 {pages} 页下载“{collection}”的 {count} 个要素，坐标系 {crs}。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="205"/>
        <source>{count} features of “{layer}” are farther than {max_snap} m from any walkable road (or have no geometry) and get no result: {ids}</source>
        <translation>图层“{layer}”中有 {count} 个要素距离任何可步行道路超过 {max_snap} 米（或没有几何），没有结果：{ids}</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="176"/>
        <source>{count} features of “{layer}” have an empty or negative “{field}”, counted as 0.</source>
        <translation>图层“{layer}”中有 {count} 个要素的“{field}”为空或为负，按 0 计。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="126"/>
        <source>{count} features of “{layer}” have invalid geometries; they are used through their anchor point.</source>
        <translation>图层“{layer}”中有 {count} 个要素几何无效，按其内部锚点参与分析。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/publish_tab.py" line="234"/>
        <source>{count} features passed the gate and were journaled in the outbox; sending…</source>
        <translation>{count} 个要素通过质检并已记入发件箱，正在发送…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/platform_download.py" line="120"/>
        <source>{count} features received</source>
        <translation>已接收 {count} 个要素</translation>
    </message>
    <message>
        <location filename="../plugin/dock/feedback_tab.py" line="124"/>
        <source>{count} feedback items.</source>
        <translation>共 {count} 条反馈。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/stay_points.py" line="131"/>
        <source>{count} grid cells with fewer than {k} residents were suppressed.</source>
        <translation>{count} 个居民少于 {k} 人的格网单元已被抑制。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="678"/>
        <source>{count} more rows of this group are in the CONFLICTS layer.</source>
        <translation>本类其余 {count} 条记录见冲突图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="395"/>
        <source>{count} overlaps within tolerance were passed and logged (see the conflicts layer).</source>
        <translation>{count} 处容差内的重叠判为符合并已记录（见冲突图层）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="113"/>
        <source>{count} parcels, zone {zone} ({width}-degree), EPSG:{epsg}, read as {encoding}.</source>
        <translation>{count} 个地块，{width} 度带第 {zone} 带，EPSG:{epsg}，按 {encoding} 读取。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="252"/>
        <source>{count} points of “{layer}” have no readable timestamp and were skipped.</source>
        <translation>“{layer}”中有 {count} 个点的时间戳无法读取，已跳过。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="220"/>
        <source>{count} residential units are beyond {radius} m of every candidate site and existing facility.</source>
        <translation>有 {count} 个居住单元与所有候选用地和现状设施的距离都超过 {radius} 米。</translation>
    </message>
    <message>
        <location filename="../processing/steps/facilities.py" line="30"/>
        <source>{count} residential units reach no facility on the network (first: {feature}).</source>
        <translation>有 {count} 个居住单元沿路网无法到达任何设施（第一个：{feature}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="230"/>
        <source>{count} residents live outside every community; they count only in the “all” surface.</source>
        <translation>{count} 名居民住在所有社区之外，仅计入“全部”密度面。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="143"/>
        <source>{count} roads of “{layer}” are not walkable by the road filter and were left out.</source>
        <translation>图层“{layer}”中有 {count} 条道路按道路筛选不可步行，已排除。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="433"/>
        <source>{count} sensor or feedback points lie in more than one unit (overlapping units); each was counted in the first unit only.</source>
        <translation>{count} 个传感器或反馈点位于多个单元内（单元相互重叠），每个点只计入第一个单元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="247"/>
        <source>{count} stays farther than {distance} m from home are not part of any life circle.</source>
        <translation>{count} 个距居住地超过 {distance} 米的停留不计入任何生活圈。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="188"/>
        <source>{gaps} community/type gaps found.</source>
        <translation>发现 {gaps} 个社区/设施类型缺口。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="84"/>
        <source>{indicator} in {unit} was {comparison} {threshold} {measure} ({level}) in {count} consecutive windows of {window} from {first} (persistence {persistence}); the warning was raised for the window of {raised}. Peak {peak} {measure} in the window of {peak_at} ({peak_level}, threshold {peak_threshold}).</source>
        <translation>{unit} 的{indicator}自 {first} 起连续 {count} 个 {window} 时间窗 {comparison} {threshold} {measure}（{level}，持续性要求 {persistence} 个时间窗），于 {raised} 时间窗发布预警。峰值 {peak} {measure}，出现在 {peak_at} 时间窗（{peak_level}，阈值 {peak_threshold}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="73"/>
        <source>{indicator} of {unit} is {value} {measure}, {comparison} the {level} threshold {threshold}.</source>
        <translation>{unit} 的{indicator}为 {value} {measure}，{comparison}{level}阈值 {threshold}。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="294"/>
        <source>{kept} of {total} points kept: {missing} without position or time, {inaccurate} inaccurate, {duplicates} repeated timestamps, {spikes} outlier spikes dropped.</source>
        <translation>共 {total} 个点，保留 {kept} 个：剔除无位置或无时间 {missing} 个、精度不足 {inaccurate} 个、重复时间戳 {duplicates} 个、异常跳点 {spikes} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="232"/>
        <source>{model}: {count} sites chosen, objective {objective:.2f}.</source>
        <translation>{model}：选中 {count} 处用地，目标函数值 {objective:.2f}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conformity.py" line="282"/>
        <source>{role}: layer “{layer}”, {count} features.</source>
        <translation>{role}：图层“{layer}”，{count} 个要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/indicators.py" line="384"/>
        <source>{sensors} sensors, {observations} observations read.</source>
        <translation>已读取 {sensors} 个传感器、{observations} 条观测。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="364"/>
        <source>{title} ({check}): {count} × {severity}</source>
        <translation>{title}（{check}）：{count} × {severity}</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="331"/>
        <source>{users} users, {stays} stays; home found for {homes} users ({few} with too few nights).</source>
        <translation>{users} 个用户，{stays} 个停留；识别出 {homes} 个用户的居住地（{few} 个用户夜数不足）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/data_quality.py" line="388"/>
        <source>{verdict}: score {score:.1f}, {errors} errors, {warnings} warnings in {features} features.</source>
        <translation>{verdict}：得分 {score:.1f}，{features} 个要素中有错误 {errors} 个、警告 {warnings} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_gaps.py" line="121"/>
        <source>“{fac_type}” has no service radius in the profile nor a level distance: not analysed.</source>
        <translation>“{fac_type}”在标准配置中既无服务半径也无层级步行距离，未参与分析。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/facility_siting.py" line="149"/>
        <source>“{fac_type}” has no service radius in the profile: give one.</source>
        <translation>“{fac_type}”在标准配置中没有服务半径，请指定。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_red_line.py" line="41"/>
        <source>“{file}” is neither a red-line TXT nor a shapefile.</source>
        <translation>“{file}”既不是红线坐标 TXT，也不是 Shapefile。</translation>
    </message>
    <message>
        <location filename="../processing/steps/network.py" line="237"/>
        <source>“{value}” is not a number in the bands.</source>
        <translation>圈层中的“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/trajectory_life_circles.py" line="50"/>
        <source>“{value}” is not a number in the levels.</source>
        <translation>层级中的“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../processing/steps/trajectories.py" line="73"/>
        <source>…or a CSV file of points (e.g. GeoLife)</source>
        <translation>……或轨迹点 CSV 文件（如 GeoLife）</translation>
    </message>
</context>
</TS>
