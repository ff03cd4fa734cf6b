// A hand-made gazetteer for the matcher's tests: real-looking names, codes chosen so that each
// hard case has exactly one right answer worked out by hand (see address_matcher_test.cpp).
#pragma once

#include <string>

#include "sunplan/gazetteer/gazetteer.hpp"

namespace sunplan::test {

inline const char* kSmallGazetteer =
    "#sunplan-gazetteer\t1\n"
    "#hand-made for tests\n"
    "code\tname\tparent\tlon\tlat\tpoint\tur\tvintage\n"
    "11\t北京市\n"
    "1101\t市辖区\n"
    "110105\t朝阳区\n"
    "110105001\t建外街道办事处\t\t116.44\t39.90\tseat\n"
    "110105001001\t永安里社区居委会\t\t116.45\t39.91\tvillage\t111\n"
    "13\t河北省\n"
    "1305\t邢台市\n"
    "130503\t桥西区\n"
    "@130503\t信都区\t2023 name\n"
    "130503001\t钢铁路街道办事处\n"
    "130521\t邢台县\n"
    "130521100\t城关镇\t\t114.40\t37.05\tseat\n"
    "130521100201\t张庄村委会\t\t\t\t\t220\n"
    "22\t吉林省\n"
    "2201\t长春市\n"
    "220104\t朝阳区\n"
    "220104001\t前进街道办事处\n"
    "51\t四川省\n"
    "5101\t成都市\n"
    "510107\t武侯区\n"
    "510107012\t玉林街道办事处\t\t104.05\t30.63\tseat\n"
    "@510107012\t玉林街道\t2023 name\n"
    "510107012003\t玉林北路社区居民委员会\t\t104.06\t30.64\tvillage\t111\n"
    "510107012004\t芳草社区居民委员会\t\t\t\t\t111\n"
    "510107020\t簇桥街道办事处\n"
    "510107020005\t七里村村民委员会\t\t\t\t\t112\n"
    "510124\t郫县\n"
    "@510124\t郫都区\t2023 510117 郫都区\n"
    "510124100\t郫筒镇\t\t103.88\t30.81\tseat\n"
    "510124100201\t红光村委会\t\t\t\t\t121\n"
    "510181\t都江堰市\n"
    "510181100\t灌口镇\t\t103.62\t31.00\tseat\n"
    "510181100201\t张庄村委会\t\t\t\t\t220\n"
    "510181101\t聚源镇\n"
    "510181101201\t张庄村委会\t\t\t\t\t220\n"
    "510181101202\t张村村委会\t\t\t\t\t220\n"
    "510181102\t张村集乡\n"
    "510181102201\t王家村委会\t\t\t\t\t220\n";

}  // namespace sunplan::test
